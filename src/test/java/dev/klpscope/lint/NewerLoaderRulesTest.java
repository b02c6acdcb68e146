package dev.klpscope.lint;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Section;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.livepatch.lint.PatchProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.klpscope.lint.LintAssertions.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loader rules that differ between releases and have no QEMU-recorded sample, on files derived at test time from
 * the real seed patches built for 6.1 and 7.3: one field changed each. The outcomes are read from each release's
 * source (docs/checks.md, "Lint").
 */
class NewerLoaderRulesTest {

    @TempDir
    Path dir;

    /** Derived: e_machine rewritten to AArch64. arm64 kernels have livepatch from 7.3 only. */
    @Test
    void anArchWithoutLivepatchInThatReleaseCannotResolveKlpEnablePatch() throws IOException {
        Livepatch on61 = derive("seed/seed_lp2.ko", "arm64-61.ko", (b, s) -> b.putShort(18, (short) 183));
        PatchProblem p = only(on61, "elf-header");
        assertEquals(PatchProblem.Level.REFUSED, p.level());
        assertEquals("seed_lp2: Unknown symbol klp_enable_patch (err -2)", p.kernelMessage());
        assertTrue(p.message().contains("HAVE_LIVEPATCH since 7.3"), p.message());
        Livepatch on73 = derive("kernels/7.3/seed/seed_lp2.ko", "arm64-73.ko", (b, s) -> b.putShort(18, (short) 183));
        assertTrue(on73.problems().stream().noneMatch(x -> x.code().equals("elf-header")), on73.problems().toString());
    }

    /** Derived: the symbol string table's sh_type set to PROGBITS. Only 7.3 looks at it. */
    @Test
    void sevenThreeChecksTheSymbolStringTablesType() throws IOException {
        Livepatch lp = derive("kernels/7.3/seed/seed_lp2.ko", "strtab-type.ko",
                (b, s) -> b.putInt(header(s, ".strtab") + 4, (int) Section.SHT_PROGBITS));
        PatchProblem p = only(lp, "elf-strtab");
        assertEquals(PatchProblem.Level.REFUSED, p.level());
        assertEquals("Invalid ELF symbol string table type: 1", p.kernelMessage());
        Livepatch old = derive("kernels/6.12/seed/seed_lp2.ko", "strtab-type-612.ko",
                (b, s) -> b.putInt(header(s, ".strtab") + 4, (int) Section.SHT_PROGBITS));
        PatchProblem before = only(old, "elf-strtab");
        assertEquals(PatchProblem.Level.WARN, before.level(), "6.12 reads it as bytes and loads the file");
    }

    /**
     * Derived from 6.1's seed_lp1.ko, as samples/broken/strtab-trailing-nul.ko (which 6.1 loaded and applied: its last
     * name, a .klp.sym, still parses), plus klp_enable_patch's st_name pointed at that last name: the loader then
     * looks the undefined symbol up by the lengthened name. 7.3 refuses the table itself.
     */
    @Test
    void anUndefinedSymbolWhoseNameRunsPastTheStringTableIsNotFound() throws IOException {
        Edit edit = (b, s) -> {
            Section strtab = s.image.section(".strtab").orElseThrow();
            Section symtab = s.image.section(".symtab").orElseThrow();
            int end = (int) (strtab.offset() + strtab.size() - 1);
            int last = end - 1;
            while (b.get(last - 1) != 0) {
                last--;
            }
            int undefined = s.image.symbols().stream().filter(x -> x.name().equals("klp_enable_patch")).findFirst()
                    .orElseThrow().index();
            b.putInt((int) (symtab.offset() + 24L * undefined), (int) (last - strtab.offset()));
            b.put(end, (byte) 'X');
        };
        PatchProblem p = only(derive("seed/seed_lp1.ko", "strtab-undefined.ko", edit), "elf-strtab");
        assertEquals(PatchProblem.Level.REFUSED, p.level());
        assertEquals("seed_lp1: Unknown symbol .klp.sym.foo.c,0X (err -2)", p.kernelMessage());
        PatchProblem on73 = only(derive("kernels/7.3/seed/seed_lp1.ko", "strtab-undefined-73.ko", edit), "elf-strtab");
        assertEquals("symbol string table isn't NUL terminated", on73.kernelMessage());
    }

    /** The newer kernels' real vermagic ("... SMP preempt mod_unload " without modversions on 7.3) is known. */
    @Test
    void vermagicWordsOfOtherArchesAreKnown() throws IOException {
        for (String k : List.of("6.12", "7.3", "6.1-ppc64el")) {
            Livepatch lp = LivepatchReader.read(SampleFiles.path("kernels/" + k + "/seed/seed_lp2.ko"));
            assertTrue(lp.problems().stream().noneMatch(x -> x.code().equals("modinfo-vermagic")), k + ": " + lp.problems());
        }
    }

    private Livepatch derive(String sample, String name, Edit edit) throws IOException {
        Path from = SampleFiles.path(sample);
        byte[] bytes = Files.readAllBytes(from);
        edit.apply(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), new Sections(ElfImage.open(from)));
        return LivepatchReader.read(Files.write(dir.resolve(name), bytes));
    }

    private static int header(Sections s, String name) {
        Section sec = s.image.section(name).orElseThrow();
        return (int) (s.image.header().sectionHeaderOffset() + 64L * sec.index());
    }

    private record Sections(ElfImage image) {
    }

    private interface Edit {
        void apply(ByteBuffer bytes, Sections sections);
    }
}
