package dev.klpscope.realkernels;

import dev.klpscope.SampleFiles;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.cli.Cli;
import dev.klpscope.elf.BzImage;
import dev.klpscope.elf.Compression;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Section;
import dev.klpscope.load.Loading;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's own vmlinuz (bzImage) files, from the linux-image packages extracted in the cache: the vmlinux each
 * carries is what the kernel's scripts/extract-vmlinux gives (an independent oracle, extracted from Debian's
 * linux-source package by scripts/fetch-extract-vmlinux.sh), its {@code .BTF} is byte for byte the {@code -dbg}
 * vmlinux's of the same build (binutils' {@code objcopy --only-section=.BTF} as the oracle), and the 6.12.95 vmlinuz
 * as {@code --btf-base} gives the varlayout sample the verdicts its {@code -dbg} vmlinux gives (VariableLayoutTest).
 * Runs where the cache has them.
 */
class VmlinuzTest {

    static final Path CACHE = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"));

    static final Path VMLINUZ_612 = CACHE.resolve("linux-image-6.12.95+deb12-amd64/boot/vmlinuz-6.12.95+deb12-amd64");
    static final Path DBG_612 = CACHE.resolve("dbg/6.12.95/vmlinux");
    static final Path VMLINUZ_61 = CACHE.resolve("linux-image-6.1.0-57-amd64/boot/vmlinuz-6.1.0-57-amd64");
    static final Path DBG_61 = CACHE.resolve("dbg/6.1.0-57/vmlinux");
    /** 7.x packages put the image in the modules tree (usr/lib/modules/RELEASE/vmlinuz), not in /boot. */
    static final Path VMLINUZ_73 = CACHE.resolve("linux-image-7.3.4+deb13-amd64/usr/lib/modules/7.3.4+deb13-amd64/vmlinuz");
    static final Path EXTRACT_VMLINUX = CACHE.resolve("upstream-src/linux-source-6.12_6.12.95-1~bpo12+1/scripts/extract-vmlinux");

    static final Path PATCH = SampleFiles.path("kernels/6.12/varlayout/varlayout_lp.ko");
    static final Path V1 = SampleFiles.path("kernels/6.12/varlayout/v1/foo.ko");
    static final Path V2 = SampleFiles.path("kernels/6.12/varlayout/v2/foo.ko");

    static void need(Path... files) {
        for (Path f : files) {
            Assumptions.assumeTrue(Files.isRegularFile(f), "not in the cache: " + f);
        }
    }

    static byte[] run(Path dir, String... command) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime());
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
        return Files.readAllBytes(out);
    }

    @Test
    void debiansVmlinuzFilesCarryWhatExtractVmlinuxGives(@TempDir Path dir) throws Exception {
        need(VMLINUZ_612, VMLINUZ_61, EXTRACT_VMLINUX);
        List<Path> images = Files.isRegularFile(VMLINUZ_73) ? List.of(VMLINUZ_612, VMLINUZ_61, VMLINUZ_73) : List.of(VMLINUZ_612, VMLINUZ_61);
        for (Path vmlinuz : images) {
            byte[] oracle = run(dir, "sh", EXTRACT_VMLINUX.toString(), vmlinuz.toString());
            ElfImage image = ElfImage.open(vmlinuz);
            assertEquals(vmlinuz.toString(), image.file());
            BzImage bz = image.bzImage().orElseThrow();
            assertEquals(vmlinuz == VMLINUZ_61 ? Compression.XZ : Compression.ZSTD, bz.compression(),
                    "Debian: CONFIG_KERNEL_XZ on 6.1, CONFIG_KERNEL_ZSTD on 6.12 and 7.3");
            assertTrue(image.section(".BTF").isPresent(), "CONFIG_DEBUG_INFO_BTF: .BTF survives objcopy -S");
            assertEquals(oracle.length, image.elfSize(), vmlinuz.toString());
            assertArrayEquals(oracle, image.reader().bytes(0, oracle.length, "vmlinux"), vmlinuz.toString());
            assertTrue(image.symbolTableSection().isEmpty(), "the kernel build strips the vmlinux it compresses");
        }
    }

    @Test
    void theBtfInsideIsTheDbgVmlinuxsByteForByte(@TempDir Path dir) throws Exception {
        need(VMLINUZ_612, DBG_612, VMLINUZ_61, DBG_61);
        for (Path[] pair : List.of(new Path[] {VMLINUZ_612, DBG_612}, new Path[] {VMLINUZ_61, DBG_61})) {
            Path btf = dir.resolve("btf-" + pair[1].getParent().getFileName());
            run(dir, "objcopy", "-O", "binary", "--only-section=.BTF", pair[1].toString(), btf.toString());
            byte[] oracle = Files.readAllBytes(btf);
            assertTrue(oracle.length > 4_000_000, "vmlinux BTF is some 4-5 MB: " + oracle.length);
            ElfImage image = ElfImage.open(pair[0]);
            Section section = image.section(".BTF").orElseThrow();
            assertArrayEquals(oracle, image.data(section).bytes(0, (int) section.size(), ".BTF"), pair[0].toString());
            assertEquals(ElfImage.open(pair[1]).buildId(), image.buildId(), "the same build");
            assertEquals(dev.klpscope.module.KernelObjectReader.read(pair[1]).release(), image.bzImage().orElseThrow().release(),
                    "the setup header's kernel_version names the release the -dbg vmlinux's banner names");
            assertEquals(image.bzImage().orElseThrow().release(), dev.klpscope.module.KernelObjectReader.release(pair[0], image));
        }
    }

    static List<Finding> layout(Inspection in) {
        Target t = in.targets().stream().filter(x -> x.symbol().equals("foo_stats")).findFirst().orElseThrow();
        return t.verdictFor(V2.toString()).orElseThrow().findings().stream().filter(f -> f.check().equals("var-layout")).toList();
    }

    @Test
    void theVmlinuzAsBtfBaseGivesWhatTheDbgVmlinuxGives() {
        need(VMLINUZ_612, DBG_612);
        Inspection byVmlinuz = Loading.inspect(PATCH, List.of(V1, V2), List.of(V1), Optional.empty(), false, Optional.of(VMLINUZ_612));
        Inspection byDbg = Loading.inspect(PATCH, List.of(V1, V2), List.of(V1), Optional.empty(), false, Optional.of(DBG_612));
        List<Finding> v2 = layout(byVmlinuz);
        assertEquals(1, v2.size(), v2.toString());
        assertEquals(Severity.SILENT, v2.get(0).severity());
        assertTrue(v2.get(0).message().contains("`hits`: offset 0x0 → 0x8") && v2.get(0).message().contains("`misses`: offset 0x8 → 0x0"),
                v2.get(0).message());
        assertEquals(layout(byDbg), v2, "the same finding as with the -dbg vmlinux");
        assertEquals(byDbg.worst(), byVmlinuz.worst());
        String base = byVmlinuz.candidate(V2.toString()).orElseThrow().types().orElseThrow().btfBase();
        assertEquals(VMLINUZ_612 + " (--btf-base; vmlinux read from the bzImage)", base, "the file the user gave");
    }

    @Test
    void theCommandLineTakesItAsBtfBaseAndAsACandidateForItsBtf() {
        need(VMLINUZ_612);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new String[] {"check", PATCH.toString(), V1.toString(), V2.toString(), "--baseline", V1.toString(),
                "--btf-base", VMLINUZ_612.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(1, code, err.toString()); // silent: exit 1, as with the -dbg vmlinux
        assertTrue(out.toString().contains("var-layout: variable 'foo_stats'"), out.toString());
        assertTrue(out.toString().contains(".BTF on " + VMLINUZ_612 + " (--btf-base; vmlinux read from the bzImage)"), out.toString());

        StringWriter out2 = new StringWriter();
        StringWriter err2 = new StringWriter();
        int asCandidate = Cli.run(new String[] {"check", PATCH.toString(), V1.toString(), V2.toString(), "--baseline", V1.toString(),
                VMLINUZ_612.toString()}, new PrintWriter(out2), new PrintWriter(err2));
        assertEquals(1, asCandidate, err2.toString());
        assertTrue(out2.toString().contains(".BTF on " + VMLINUZ_612 + " (vmlinux read from the bzImage, given as a candidate)"),
                out2.toString());
        assertTrue(out2.toString().contains("`hits`: offset 0x0 → 0x8"), out2.toString());
        assertTrue(!err2.toString().contains("Exception") && !err2.toString().contains("\tat "), err2.toString());
    }

    /** A patch of vmlinux given only a vmlinuz: its targets are not checked, and the vmlinuz is named with what to give. */
    @Test
    void aVmlinuzIsNoCandidateForAVmlinuxPatchAndItIsSaid() {
        need(VMLINUZ_61);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new String[] {"check", SampleFiles.path("vmlinux/vmlinux_lp.ko").toString(), VMLINUZ_61.toString()},
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains("klpscope: warning: " + VMLINUZ_61 + ": is a bzImage, whose vmlinux the kernel build "
                + "strips of its symbol table: it serves as its release's BTF base only; give the vmlinux with symbols "
                + "(Debian's -dbg package) or its System.map as the candidate for the patch's vmlinux targets"), err.toString());
        assertTrue(err.toString().contains("no candidate was given for object 'vmlinux'"), err.toString());
    }
}
