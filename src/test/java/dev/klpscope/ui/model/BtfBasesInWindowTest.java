package dev.klpscope.ui.model;

import dev.klpscope.SampleFiles;
import dev.klpscope.check.TypeSourceInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Severity;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.report.ReportedPath;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window takes what {@code check} takes: a raw BTF file dropped (a copy of {@code /sys/kernel/btf/vmlinux}) is the
 * BTF base of the module candidates, never a candidate; Debian's {@code -dbg} tree dropped beside the shipped module
 * lends it its unstripped copy as a debug file, never a second candidate. On the 6.12 varlayout sample with the 6.12.95
 * vmlinux of the shared cache (skipped without it), and the seed builds.
 */
class BtfBasesInWindowTest {

    static final Path PATCH = SampleFiles.path("kernels/6.12/varlayout/varlayout_lp.ko");
    static final Path V1 = SampleFiles.path("kernels/6.12/varlayout/v1/foo.ko");
    static final Path V2 = SampleFiles.path("kernels/6.12/varlayout/v2/foo.ko");
    static final Path VMLINUX = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"),
            "vmlinux-6.12.95+deb12-amd64");

    @TempDir
    Path tmp;

    @Test
    void aDroppedRawBtfFileIsTheBaseNotACandidate() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        ElfImage image = ElfImage.open(VMLINUX);
        var section = image.section(".BTF").orElseThrow();
        Path raw = Files.write(tmp.resolve("vmlinux.btf"), image.data(section).bytes(0, (int) section.size(), "test"));
        Session s = new Session();
        s.open(PATCH, List.of(V1, V2), Progress.NONE);
        s.makeBaseline(V1.toString(), Progress.NONE);
        Outcome o = s.drop(List.of(raw), Progress.NONE);
        assertEquals(List.of(), o.problems());
        assertEquals("Added 1 BTF base", o.done());
        assertEquals(2, o.workspace().candidates().size(), "no third candidate");
        TypeSourceInfo types = o.inspection().orElseThrow().candidate(V2.toString()).orElseThrow().types().orElseThrow();
        assertEquals(TypeSourceInfo.BtfKind.SPLIT, types.btf());
        assertEquals(raw + " (raw BTF given as a candidate)", types.btfBase());
        Finding layout = o.inspection().orElseThrow().targets().stream().filter(t -> t.symbol().equals("foo_stats"))
                .flatMap(t -> t.verdicts().stream()).filter(v -> v.candidate().equals(V2.toString()))
                .flatMap(v -> v.findings().stream()).filter(f -> f.check().equals("var-layout")).findFirst().orElseThrow();
        assertEquals(Severity.SILENT, layout.severity());
        assertTrue(layout.message().contains("`misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8"), layout.message());
    }

    /** A dropped tree's {@code usr/lib/debug/boot/vmlinux-R}: the base of R's modules, not a candidate (the patch patches none). */
    @Test
    void aDroppedTreesVmlinuxIsTheBaseOfItsModules() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        Path root = tmp.resolve("tree");
        Path vmlinux = root.resolve("usr/lib/debug/boot/vmlinux-6.12.95+deb12-amd64");
        Files.createDirectories(vmlinux.getParent());
        try {
            Files.createLink(vmlinux, VMLINUX);
        } catch (IOException | UnsupportedOperationException e) {
            Files.createSymbolicLink(vmlinux, VMLINUX);
        }
        Session s = new Session();
        s.open(PATCH, List.of(V1, V2), Progress.NONE);
        Outcome o = s.drop(List.of(root), Progress.NONE);
        assertEquals(List.of(), o.problems());
        assertEquals("Added 1 BTF base", o.done());
        assertEquals(2, o.workspace().candidates().size(), "no vmlinux candidate");
        TypeSourceInfo types = o.inspection().orElseThrow().candidate(V2.toString()).orElseThrow().types().orElseThrow();
        assertEquals(TypeSourceInfo.BtfKind.SPLIT, types.btf());
        assertEquals(ReportedPath.of(vmlinux) + " (vmlinux found for its release)", types.btfBase());
    }

    @Test
    void aDroppedDbgTreeLendsItsCopyToTheShippedModule() throws IOException {
        Path copy = tmp.resolve("dbg/usr/lib/debug/lib/modules/6.1.0-57-amd64/extra/foo.ko");
        Files.createDirectories(copy.getParent());
        Files.copy(SampleFiles.path("seed/unstripped/v2/foo.ko"), copy);
        Path v2 = SampleFiles.path("seed/v2/foo.ko");
        Session s = new Session();
        s.open(SampleFiles.path("seed/seed_lp2.ko"), List.of(v2), Progress.NONE);
        Outcome o = s.drop(List.of(tmp.resolve("dbg")), Progress.NONE);
        assertEquals(List.of(), o.problems());
        assertEquals("Added 1 debug file", o.done());
        assertEquals(1, o.workspace().candidates().size(), "the -dbg copy is no candidate");
        TypeSourceInfo types = o.inspection().orElseThrow().candidate(v2.toString()).orElseThrow().types().orElseThrow();
        assertEquals(TypeSourceInfo.DwarfKind.DEBUG_FILE, types.dwarf());
        assertEquals(ReportedPath.of(copy).toString(), types.debugFile());
    }
}
