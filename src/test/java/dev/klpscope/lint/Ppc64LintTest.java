package dev.klpscope.lint;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Relocation;
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
 * Lint on a real ppc64le livepatch (the seed scenario cross-built by kbuild for Debian's 6.1.0-50-powerpc64le,
 * samples/kernels/6.1-ppc64el) and on files derived from it: the arch's relocation types and its rule that a call
 * through a stub be followed by a nop. No Debian ppc64el kernel has livepatch enabled, so these rules are read from
 * arch/powerpc/kernel/module_64.c, not observed.
 */
class Ppc64LintTest {

    private static final String TOP = "kernels/6.1-ppc64el/seed/";
    private static final Path PATCH = SampleFiles.path(TOP + "seed_lp2.ko");

    @TempDir
    Path dir;

    @Test
    void theRealPpc64PatchIsCleanAndResolvesLikeTheX86One() {
        Livepatch lp = LivepatchReader.read(PATCH);
        assertEquals(Machines.EM_PPC64, lp.module().image().header().machine());
        assertEquals(List.of(), lp.problems());
        Path v1 = SampleFiles.path(TOP + "v1/foo.ko");
        Path v2 = SampleFiles.path(TOP + "v2/foo.ko");
        Inspection in = Loading.inspect(PATCH, List.of(v1, v2), List.of());
        assertEquals("6.1", in.patch().lintRules().modelled().toString());
        var b = in.targets().stream().filter(t -> t.symbol().equals("b")).findFirst().orElseThrow();
        assertEquals(Severity.REFUSED, b.verdictFor(v1.toString()).orElseThrow().severity());
        assertEquals(Severity.OK, b.verdictFor(v2.toString()).orElseThrow().severity());
        assertEquals("R_PPC64_REL24", b.sites().get(0).type());
        assertTrue(lp.imports().stream().noneMatch(i -> i.name().equals(".TOC.")), "the loader defines .TOC. itself");
        assertTrue(lp.imports().stream().anyMatch(i -> i.name().equals("klp_enable_patch")), lp.imports().toString());
    }

    @Test
    void aCallThroughAStubWithoutItsNopIsRefused() throws IOException {
        Livepatch lp = derive("no-nop.ko", (bytes, site) -> putInsn(bytes, site + 4, 0x7c0802a6L)); // mflr r0
        PatchProblem p = only(lp, "klp-reloc-target");
        assertEquals(PatchProblem.Level.REFUSED, p.level());
        assertEquals("seed_lp2: Expected nop after call, got 7c0802a6", p.kernelMessage());
    }

    @Test
    void on61EvenTheRestoredTocLoadIsRefused() throws IOException {
        // what the site holds after a first load wrote it (ld r2,24(r1)): only 6.12 and later accept it again
        Livepatch lp = derive("reloaded.ko", (bytes, site) -> putInsn(bytes, site + 4, 0xe8410018L));
        assertEquals("seed_lp2: Expected nop after call, got e8410018", only(lp, "klp-reloc-target").kernelMessage());
    }

    @Test
    void aTypePpc64DoesNotWriteIsRefusedInItsWords() throws IOException {
        Livepatch lp = deriveRelocation("type0.ko", 0); // R_PPC64_NONE: x86 skips it, ppc64's switch does not know it
        PatchProblem p = only(lp, "klp-reloc-type");
        assertEquals(PatchProblem.Level.REFUSED, p.level());
        assertEquals("seed_lp2: Unknown ADD relocation: 0", p.kernelMessage());
    }

    /** An undefined .klp.sym is looked up by the loader, which on ppc64 first drops the leading dot (dedotify). */
    @Test
    void anUnmarkedKlpSymbolIsLookedUpWithoutItsDot() throws IOException {
        byte[] bytes = Files.readAllBytes(PATCH);
        ElfImage image = ElfImage.open(PATCH);
        var sym = image.symbols().stream().filter(x -> x.name().equals(".klp.sym.foo.b,0")).findFirst().orElseThrow();
        Section symtab = image.symbolTableSection().orElseThrow();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort((int) (symtab.offset() + 24L * sym.index() + 6), (short) 0);
        Livepatch lp = LivepatchReader.read(Files.write(dir.resolve("unmarked.ko"), bytes));
        assertEquals("seed_lp2: Unknown symbol klp.sym.foo.b,0 (err -2)", only(lp, "klp-sym-marked").kernelMessage());
    }

    /** Labelled derived file: the release in vermagic rewritten to a 6.12 one (same length) to get 6.12's rules. */
    @Test
    void from612TheElfAbiLevelInEflagsMustBeTheKernels() throws IOException {
        byte[] bytes = Files.readAllBytes(PATCH);
        replace(bytes, "vermagic=6.1.0-50-powerpc64le", "vermagic=6.12.0-0-powerpc64le");
        Path as612 = Files.write(dir.resolve("as612.ko"), bytes.clone());
        assertEquals(List.of(), LivepatchReader.read(as612).problems(), "ELFv2 (abiv2) is what a ppc64le kernel wants");
        bytes[0x30] = (byte) ((bytes[0x30] & ~3) | 1); // e_flags: ELF ABI v1
        Livepatch v1abi = LivepatchReader.read(Files.write(dir.resolve("abi1.ko"), bytes));
        PatchProblem p = only(v1abi, "elf-header");
        assertEquals("Invalid module architecture in ELF header: 21", p.kernelMessage());
        bytes = Files.readAllBytes(PATCH);
        bytes[0x30] = (byte) ((bytes[0x30] & ~3) | 1);
        assertEquals(List.of(), LivepatchReader.read(Files.write(dir.resolve("abi1-61.ko"), bytes)).problems(),
                "6.1 does not look at e_flags");
    }

    private Livepatch derive(String name, SiteEdit edit) throws IOException {
        byte[] bytes = Files.readAllBytes(PATCH);
        ElfImage image = ElfImage.open(PATCH);
        Section klp = image.section(".klp.rela.foo..text").orElseThrow();
        Relocation r = image.relocations(klp).get(0);
        Section text = image.section((int) klp.info());
        int site = (int) (text.offset() + r.offset());
        assertEquals(0x48000001L, insn(bytes, site), "bl at the klp relocation");
        assertEquals(0x60000000L, insn(bytes, site + 4), "nop after it, as kbuild makes it");
        edit.apply(bytes, site);
        return LivepatchReader.read(Files.write(dir.resolve(name), bytes));
    }

    private Livepatch deriveRelocation(String name, int type) throws IOException {
        byte[] bytes = Files.readAllBytes(PATCH);
        ElfImage image = ElfImage.open(PATCH);
        Section klp = image.section(".klp.rela.foo..text").orElseThrow();
        ByteBuffer rela = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long info = rela.getLong((int) klp.offset() + 8);
        rela.putLong((int) klp.offset() + 8, (info & ~0xffffffffL) | type);
        return LivepatchReader.read(Files.write(dir.resolve(name), bytes));
    }

    private static long insn(byte[] bytes, int at) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(at));
    }

    private static void putInsn(byte[] bytes, int at, long value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) value);
    }

    private static void replace(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(from);
        assertTrue(at > 0 && from.length() == to.length(), from);
        System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, bytes, at, to.length());
    }

    private interface SiteEdit {
        void apply(byte[] bytes, int site);
    }
}
