package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * import-export on real builds: the kernel's own livepatch-shadow-fix1 sample built for 6.1 imports
 * {@code kmalloc_trace} ({@code readelf -s}: UND), which Debian's 6.12 vmlinux no longer exports (no
 * {@code __ksymtab_kmalloc_trace} in its symbol table; 6.12 has {@code kmalloc_trace_noprof}).
 */
class ImportExportTest {

    private static List<Finding> importFindings(String patch, String vmlinux) {
        Path v = SampleFiles.path(vmlinux);
        Inspection in = Inspector.inspect(SampleFiles.path(patch), List.of(v), List.of());
        return in.targets().stream().flatMap(t -> t.verdicts().stream()).flatMap(x -> x.findings().stream())
                .filter(f -> f.check().equals("import-export")).toList();
    }

    @Test
    void anExportGoneInTheCandidateKernelRefusesThePatch() {
        List<Finding> f = importFindings("upstream/6.1/livepatch-shadow-fix1.ko",
                "kernels/6.12/vmlinux/vmlinux-6.12.95+deb12-amd64.symtab.xz");
        assertEquals(1, f.size(), f.toString());
        assertEquals(Severity.REFUSED, f.get(0).severity());
        assertEquals("livepatch_shadow_fix1: Unknown symbol kmalloc_trace (err -2)", f.get(0).kernelMessage().orElseThrow());
    }

    @Test
    void theKernelItWasBuiltForExportsEveryImport() {
        assertEquals(List.of(), importFindings("upstream/6.1/livepatch-shadow-fix1.ko", "vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"));
    }

    /** crc_lp depends=bar: without a build of bar, bar's exports are unknown, so nothing is said about them. */
    @Test
    void importsFromAModuleNotGivenAreNotJudged() {
        Inspection in = Inspector.inspect(SampleFiles.path("crc/crc_lp.ko"),
                List.of(SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz")), List.of());
        assertTrue(in.targets().stream().noneMatch(t -> t.symbol().equals("bar_scale")));
    }
}
