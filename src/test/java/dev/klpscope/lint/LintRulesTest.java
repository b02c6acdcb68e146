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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.klpscope.lint.LintAssertions.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lint rules that have no QEMU-recorded broken sample, on livepatches derived at test time from the real
 * {@code seed_lp2.ko}: one field of one structure changed each, as a converter bug or a hand edit would.
 */
class LintRulesTest {

    private static final Path SEED = SampleFiles.path("seed/seed_lp2.ko");

    @TempDir
    Path dir;

    @Test
    void aKlpSectionWithoutAllocIsLostBeforeAModuleObjectIsPatched() throws IOException {
        Livepatch lp = derive("no-alloc.ko", (bytes, header) -> header.putLong(8, header.getLong(8) & ~Section.SHF_ALLOC));
        PatchProblem p = only(lp, "klp-section-alloc");
        assertEquals(PatchProblem.Level.CRASH, p.level());
        assertTrue(p.message().contains("lacks SHF_ALLOC"), p.message());
    }

    @Test
    void aKlpSectionWhoseSizeIsNotWholeEntriesIsWarnedAbout() throws IOException {
        Livepatch lp = derive("short.ko", (bytes, header) -> header.putLong(32, header.getLong(32) - 5));
        PatchProblem p = only(lp, "klp-section-entsize");
        assertEquals(PatchProblem.Level.WARN, p.level());
        assertTrue(p.message().contains("not a multiple of 24"), p.message());
    }

    @Test
    void aKlpSectionLinkingElsewhereIsWarnedAboutAndIgnoredLikeTheKernelDoes() throws IOException {
        Livepatch lp = derive("link.ko", (bytes, header) -> header.putInt(40, 0));
        PatchProblem p = only(lp, "klp-section-link");
        assertEquals(PatchProblem.Level.WARN, p.level());
        assertEquals(1, lp.references().size(), "the relocation is still read against the symbol table");
    }

    @Test
    void aModinfoWithoutNameFallsBackToThisModule() throws IOException {
        byte[] bytes = Files.readAllBytes(SEED);
        ElfImage image = ElfImage.open(SEED);
        Section modinfo = image.section(".modinfo").orElseThrow();
        String text = new String(bytes, (int) modinfo.offset(), (int) modinfo.size(), StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\0name=") + 1;
        bytes[(int) modinfo.offset() + at + 1] = 'A'; // name= -> nAme=
        Path file = dir.resolve("noname.ko");
        Files.write(file, bytes);
        Livepatch lp = LivepatchReader.read(file);
        PatchProblem p = only(lp, "modinfo-name");
        assertEquals(PatchProblem.Level.INFO, p.level());
        assertEquals("seed_lp2", lp.name(), "the runtime name comes from .gnu.linkonce.this_module");
    }

    @Test
    void theSampleItselfIsClean() {
        Livepatch lp = LivepatchReader.read(SEED);
        assertEquals(List.of(), lp.problems());
    }

    /** Rewrites the section header of the sample's {@code .klp.rela.foo..text}, little-endian as the file is. */
    private Livepatch derive(String name, HeaderEdit edit) throws IOException {
        byte[] bytes = Files.readAllBytes(SEED);
        ElfImage image = ElfImage.open(SEED);
        Section klp = image.section(".klp.rela.foo..text").orElseThrow();
        int at = (int) (image.header().sectionHeaderOffset() + 64L * klp.index());
        ByteBuffer header = ByteBuffer.wrap(bytes, at, 64).slice().order(ByteOrder.LITTLE_ENDIAN);
        edit.apply(bytes, header);
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return LivepatchReader.read(file);
    }

    private interface HeaderEdit {
        void apply(byte[] bytes, ByteBuffer header);
    }
}
