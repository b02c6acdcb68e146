package dev.klpscope.lint;

import dev.klpscope.livepatch.lint.KlpName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names are accepted and rejected exactly as the kernel's sscanf formats do. */
class KlpNameTest {

    @Test
    void parsesSymbolNamesLikeKlpResolveSymbols() {
        assertEquals(new KlpName.SymbolName("foo", "b", 0), KlpName.parseSymbol(".klp.sym.foo.b,0").orElseThrow());
        assertEquals(new KlpName.SymbolName("btrfs", "can_modify_feature.isra.3", 0),
                KlpName.parseSymbol(".klp.sym.btrfs.can_modify_feature.isra.3,0").orElseThrow(), "symbol names may hold dots");
        assertEquals(2, KlpName.parseSymbol(".klp.sym.vmlinux.pmus,2").orElseThrow().sympos());
        assertEquals(7, KlpName.parseSymbol(".klp.sym.foo.x,7trailing").orElseThrow().sympos(), "sscanf ignores trailing text");
        assertEquals(-1L, KlpName.parseSymbol(".klp.sym.foo.x,-1").orElseThrow().sympos(), "%lu accepts a sign");
    }

    @Test
    void rejectsWhatTheKernelRejects() {
        for (String bad : new String[]{".klp.sym.foo.b", ".klp.sym..b,0", ".klp.sym.foo.,0", ".klp.sym.foo.b,", ".klp.sym.foo.b,x",
                ".klp.sym.foo", ".klp.sym." + "o".repeat(56) + ".b,0", ".klp.sym.foo." + "s".repeat(512) + ",0"}) {
            assertTrue(KlpName.parseSymbol(bad).isEmpty(), bad);
            assertFalse(KlpName.explainBadSymbol(bad).isEmpty());
        }
        assertTrue(KlpName.parseSymbol(".klp.sym." + "o".repeat(55) + ".b,0").isPresent(), "55 characters is the limit");
    }

    @Test
    void sectionNamesGiveOnlyTheObjectToTheKernel() {
        KlpName.SectionName s = KlpName.parseSection(".klp.rela.foo..text").orElseThrow();
        assertEquals("foo", s.object());
        assertEquals(".text", s.displayedSection());
        assertEquals(".text", KlpName.parseSection(".klp.rela.ext4.text.ext4_attr_store").orElseThrow().displayedSection().substring(0, 5));
        KlpName.SectionName longName = KlpName.parseSection(".klp.rela." + "m".repeat(60) + "..text").orElseThrow();
        assertTrue(longName.objectTruncated(), "%55[^.] stops after 55 characters and still succeeds");
        assertEquals(55, longName.object().length());
        assertTrue(KlpName.parseSection(".klp.rela..text").isEmpty());
    }
}
