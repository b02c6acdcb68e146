package dev.klpscope.load;

import dev.klpscope.SampleFiles;
import dev.klpscope.cli.Cli;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.report.MiniJson;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a module's split {@code .BTF} finds its base besides a vmlinux candidate: a raw BTF file given as a candidate
 * (a copy of {@code /sys/kernel/btf/vmlinux}) is that base, never a candidate; a base of another release than the
 * module's is said and not used. On the 6.12 varlayout sample (v1/v2 reorder {@code struct foo_stats}, a per-CPU
 * variable BTF encodes as a {@code VAR}) and Debian's 6.1.0-57 {@code sch_codel.ko}, with the 6.12.95 vmlinux of the
 * shared cache (skipped without it).
 */
class BtfBasesTest {

    static final Path VARLAYOUT = SampleFiles.path("kernels/6.12/varlayout");
    static final Path PATCH = VARLAYOUT.resolve("varlayout_lp.ko");
    static final Path V1 = VARLAYOUT.resolve("v1/foo.ko");
    static final Path V2 = VARLAYOUT.resolve("v2/foo.ko");
    static final Path VMLINUX = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"),
            "vmlinux-6.12.95+deb12-amd64");

    @TempDir
    Path tmp;

    /** The 6.12 vmlinux's {@code .BTF} written out raw, as {@code /sys/kernel/btf/vmlinux} holds it on that kernel. */
    private Path rawBtf() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        ElfImage image = ElfImage.open(VMLINUX);
        var section = image.section(".BTF").orElseThrow();
        return Files.write(tmp.resolve("vmlinux.btf"), image.data(section).bytes(0, (int) section.size(), "test"));
    }

    @Test
    void aRawBtfFileGivenAsACandidateIsTheModulesBase() throws IOException {
        Path raw = rawBtf();
        Run run = check("--baseline", V1.toString(), PATCH.toString(), V1.toString(), V2.toString(), raw.toString());
        assertEquals(1, run.exit, run.err);
        assertEquals(List.of("BTF: .BTF on " + raw + " (raw BTF given as a candidate) .BTF; no DWARF and no debug file "
                + "paired by build id"), run.types().stream().distinct().toList(), "two candidates, the raw file none");
        assertEquals(2, run.types().size(), run.out);
        assertTrue(run.out.contains("◆ silent    var-layout: variable 'foo_stats' (struct foo_stats) has another layout"
                + " here than in the patch's own BTF"), run.out);
        assertTrue(run.out.contains("`misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8"), run.out);
    }

    @Test
    void aBaseOfAnotherReleaseIsSaidAndNotUsed() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        Path codel = SampleFiles.path("debian/v57/sch_codel.ko");
        Run run = check("--btf-base", VMLINUX.toString(), SampleFiles.path("debian/debian_lp.ko").toString(),
                codel.toString(), "--format", "json");
        assertEquals(0, run.exit, run.err);
        Map<String, Object> types = MiniJson.object(MiniJson.object(MiniJson.array(MiniJson.object(MiniJson.parse(run.out))
                .get("candidates")).get(0)).get("types"));
        assertEquals("split-other-release", types.get("btf"));
        assertEquals(VMLINUX + " (--btf-base) is of 6.12.95+deb12-amd64, not 6.1.0-57-amd64", types.get("btfBase"));
        assertEquals("none found (variable layouts and prototypes not compared): BTF: split .BTF not read: no base of "
                + "its release was given (" + VMLINUX + " (--btf-base) is of 6.12.95+deb12-amd64, not 6.1.0-57-amd64); "
                + "no DWARF and no debug file paired by build id", types.get("described"));
    }

    @Test
    void aBaseOfTheModulesReleaseIsUsed() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        Run run = check("--btf-base", VMLINUX.toString(), "--baseline", V1.toString(), PATCH.toString(), V1.toString(),
                V2.toString());
        assertEquals(1, run.exit, run.err);
        assertEquals(List.of("BTF: .BTF on " + VMLINUX + " (--btf-base) .BTF; no DWARF and no debug file paired by build id"),
                run.types().stream().distinct().toList());
    }

    /**
     * A tree as an installed system (or a {@code linux-image} and its {@code -dbg} package unpacked) has it: the module
     * under {@code lib/modules/R} and the vmlinux of R at {@code usr/lib/debug/boot/vmlinux-R} or
     * {@code boot/vmlinux-R}. The patch does not patch vmlinux, so that vmlinux is no candidate, but it is the BTF base
     * of R's modules, the one found and the one named directly.
     */
    @Test
    void aTreesVmlinuxIsTheBaseOfItsReleasesModules() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        for (String where : List.of("usr/lib/debug/boot/", "boot/")) {
            Path root = tmp.resolve(where.replace('/', '_'));
            Path module = root.resolve("lib/modules/6.12.95+deb12-amd64/extra/foo.ko");
            Files.createDirectories(module.getParent());
            Files.copy(V2, module);
            Path vmlinux = root.resolve(where + "vmlinux-6.12.95+deb12-amd64");
            Files.createDirectories(vmlinux.getParent());
            link(vmlinux, VMLINUX);
            Run run = check("--baseline", V1.toString(), PATCH.toString(), V1.toString(), "--kernels", root.toString());
            assertEquals(1, run.exit, run.err);
            assertEquals("", run.err);
            assertEquals(List.of("BTF: .BTF on " + vmlinux + " (vmlinux found for its release) .BTF; no DWARF and no debug "
                    + "file paired by build id"), run.types().stream().distinct().toList());
            assertEquals(2, run.types().size(), "the vmlinux is no candidate: " + run.out);
            assertTrue(run.out.contains("◆ silent    var-layout: variable 'foo_stats' (struct foo_stats) has another "
                    + "layout here than in the patch's own BTF"), run.out);
        }
    }

    /**
     * A 7.3 out-of-tree module carries its distilled {@code .BTF.base}; given its release's vmlinux (Debian's 7.3.4
     * vmlinuz in the shared cache) it is relocated onto that BTF, as the kernel does at load, and the {@code types:}
     * line says so; a vmlinuz of another release (6.12.95) is not used, and the distilled base stays.
     */
    @Test
    void aDistilledBaseIsRelocatedOntoItsReleasesVmlinux() {
        Path cache = VMLINUX.getParent();
        Path vmlinuz73 = cache.resolve("linux-image-7.3.4+deb13-amd64/usr/lib/modules/7.3.4+deb13-amd64/vmlinuz");
        Path vmlinuz612 = cache.resolve("linux-image-6.12.95+deb12-amd64/boot/vmlinuz-6.12.95+deb12-amd64");
        Assumptions.assumeTrue(Files.isRegularFile(vmlinuz73) && Files.isRegularFile(vmlinuz612), "no vmlinuz in the cache");
        String patch = SampleFiles.path("kernels/7.3/seed/seed_lp2.ko").toString();
        String seed = SampleFiles.path("kernels/7.3/seed/v1/foo.ko").toString();
        Run run = check("--btf-base", vmlinuz73.toString(), patch, seed);
        assertEquals("", run.err);
        assertEquals(List.of("BTF: own .BTF, its distilled .BTF.base relocated onto " + vmlinuz73 + " (--btf-base; vmlinux read from the bzImage) .BTF; "
                + "no DWARF and no debug file paired by build id"), run.types(), run.out);
        Run other = check("--btf-base", vmlinuz612.toString(), patch, seed);
        assertEquals(List.of("BTF: own .BTF; no DWARF and no debug file paired by build id"), other.types(), other.out);
    }

    /**
     * An installed system's tree without the {@code -dbg} package: the module and {@code boot/vmlinuz-R} (Debian's
     * 6.12.95 bzImage from the shared cache). The vmlinuz has no symbols, so it is never a candidate, but its
     * vmlinux's {@code .BTF} is the base of R's modules.
     */
    @Test
    void aTreesVmlinuzIsTheBaseOfItsReleasesModules() throws IOException {
        Path vmlinuz = VMLINUX.getParent().resolve("linux-image-6.12.95+deb12-amd64/boot/vmlinuz-6.12.95+deb12-amd64");
        Assumptions.assumeTrue(Files.isRegularFile(vmlinuz), "no 6.12 vmlinuz in the cache");
        Path root = tmp.resolve("installed");
        Path module = root.resolve("lib/modules/6.12.95+deb12-amd64/extra/foo.ko");
        Files.createDirectories(module.getParent());
        Files.copy(V2, module);
        Path boot = root.resolve("boot/vmlinuz-6.12.95+deb12-amd64");
        Files.createDirectories(boot.getParent());
        link(boot, vmlinuz);
        Run run = check("--baseline", V1.toString(), PATCH.toString(), V1.toString(), "--kernels", root.toString());
        assertEquals(1, run.exit, run.err);
        assertEquals("", run.err);
        assertEquals(List.of("BTF: .BTF on " + boot + " (vmlinux found for its release; vmlinux read from the bzImage) .BTF; no DWARF and no debug "
                + "file paired by build id"), run.types().stream().distinct().toList());
        assertEquals(2, run.types().size(), "the vmlinuz is no candidate: " + run.out);
        assertTrue(run.out.contains("`misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8"), run.out);
    }

    /** A hard link (the same file system), else a symbolic one: never a copy of 350 MB. */
    private static void link(Path link, Path target) throws IOException {
        try {
            Files.createLink(link, target);
        } catch (IOException | UnsupportedOperationException e) {
            Files.createSymbolicLink(link, target);
        }
    }

    record Run(int exit, String out, String err) {
        /** What each candidate's {@code types:} line says. */
        List<String> types() {
            return out.lines().map(String::strip).filter(l -> l.startsWith("types: "))
                    .map(l -> l.substring("types: ".length())).toList();
        }
    }

    static Run check(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("check"));
        all.addAll(List.of(args));
        int exit = Cli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }
}
