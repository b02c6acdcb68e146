package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * {@code sympos-identity} names what differs between the baseline's copy and the one the kernel binds, instead of
 * describing both with the same words.
 */
class SymposIdentityWordingTest {

    private static KernelObject read(String sample) {
        return KernelObjectReader.read(SampleFiles.path(sample));
    }

    /**
     * sympos v3 links gamma.c ahead of beta.c (samples/README.md): helper,2 is gamma's, which sits after gamma_value
     * where beta's sat after beta_value; both are 15-byte functions at the same symbol index (stripped: no STT_FILE).
     */
    @Test
    void theSampleShiftNamesTheNeighbourThatDiffersAndTheSymbolOnce() {
        KernelObject v1 = read("sympos/v1/foo.ko");
        Inspection in = Inspector.inspect(LivepatchReader.read(SampleFiles.path("sympos/sympos_lp.ko")),
                List.of(v1, read("sympos/v3/foo.ko")), List.of(v1.path()));
        Finding f = in.targets().stream().filter(t -> t.symbol().equals("helper")).findFirst().orElseThrow()
                .verdicts().get(1).findings().stream().filter(x -> x.check().equals("sympos-identity")).findFirst()
                .orElseThrow();
        assertEquals("position 2 of 'helper' binds another compilation unit's copy here: baseline the copy between "
                + "alpha_value and beta_value, here the copy between alpha_value and gamma_value; both are FUNC helper "
                + "(15 bytes, .text, symbol #28); the baseline's copy is at position 3 here", f.message());
    }

    /** Hand-made evidence (no real build has two units of one file name in a module): the words still differ. */
    @Test
    void unitsOfOneFileNameAreToldApartByNeighboursThenCode() {
        var baseline = new StaticIdentity.Evidence(Optional.of("core.c"), Set.of("a"), List.of("x", "y"));
        var moved = new StaticIdentity.Evidence(Optional.of("core.c"), Set.of("b"), List.of("x", "z"));
        assertEquals("the copy from core.c between x and y", baseline.describeAgainst(moved));
        assertEquals("the copy from core.c between x and z", moved.describeAgainst(baseline));
        var sameSpot = new StaticIdentity.Evidence(Optional.empty(), Set.of(), List.of("x", "y"));
        var unknown = new StaticIdentity.Evidence(Optional.empty(), Set.of(), List.of("x", "y"));
        assertNotEquals(sameSpot.describeAgainst(unknown), "the copy between x and y");
        assertEquals("the copy between x and y with other code", sameSpot.describeAgainst(unknown));
        var other = new StaticIdentity.Evidence(Optional.of("b.c"), Set.of(), List.of("x", "y"));
        assertEquals("the copy from b.c", other.describeAgainst(new StaticIdentity.Evidence(Optional.of("a.c"),
                Set.of(), List.of("x", "y"))));
    }
}
