package dev.klpscope.check;

import dev.klpscope.load.Loading;
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
        return importFindingsOf(Loading.inspect(SampleFiles.path(patch), List.of(SampleFiles.path(vmlinux)), List.of()),
                "import-export");
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
        Inspection in = Loading.inspect(SampleFiles.path("crc/crc_lp.ko"),
                List.of(SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz")), List.of());
        assertTrue(in.targets().stream().noneMatch(t -> t.symbol().equals("bar_scale")));
    }

    /**
     * import-gpl on a file derived from a real build: ftrace_lp with {@code license=GPL} rewritten to
     * {@code license=MIT} (same length; kbuild's modpost would refuse to build a non-GPL module that uses GPL-only
     * exports). Expected from the kernel source (resolve_symbol(), set_license() in 6.1 kernel/module/main.c), not
     * recorded: klp_enable_patch, exported GPL-only by vmlinux, is not found for it.
     */
    @Test
    void aGplOnlyImportOfANonGplPatchIsRefused(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] bytes = java.nio.file.Files.readAllBytes(SampleFiles.path("ftrace/ftrace_lp.ko"));
        byte[] from = "license=GPL\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] to = "license=MIT\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int at = indexOf(bytes, from);
        assertTrue(at > 0 && indexOf(java.util.Arrays.copyOfRange(bytes, at + 1, bytes.length), from) < 0, "one license=GPL");
        System.arraycopy(to, 0, bytes, at, to.length);
        Path patch = dir.resolve("ftrace_lp.ko");
        java.nio.file.Files.write(patch, bytes);
        Path v = SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz");
        List<Finding> gpl = importFindingsOf(Loading.inspect(patch, List.of(v), List.of()), "import-gpl");
        // readelf -s on the sample: klp_enable_patch is its only GPL-only import (_printk and the rest are plain exports)
        assertEquals(List.of("ftrace_lp: Unknown symbol klp_enable_patch (err -2)"),
                gpl.stream().map(f -> f.kernelMessage().orElseThrow()).toList());
        assertEquals(List.of(), importFindingsOf(Loading.inspect(SampleFiles.path("ftrace/ftrace_lp.ko"), List.of(v), List.of()),
                "import-gpl"), "the GPL original");
    }

    private static List<Finding> importFindingsOf(Inspection in, String check) {
        return in.targets().stream().flatMap(t -> t.verdicts().stream()).flatMap(x -> x.findings().stream())
                .filter(f -> f.check().equals(check)).toList();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
