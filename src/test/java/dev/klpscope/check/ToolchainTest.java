package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.load.Loading;
import dev.klpscope.module.Compilers;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * toolchain on real builds: the 6.1 seed patch (bookworm's gcc 12.2.0-14+deb12u1) against its own candidate and
 * against the same module built for 7.3 in trixie (gcc 14.2.0-19); Expected strings are
 * {@code readelf -p .comment}'s.
 */
class ToolchainTest {

    private static final String GCC12 = "gcc (Debian 12.2.0-14+deb12u1) 12.2.0";

    private static List<Finding> candidateFindings(String patch, String candidate) {
        Inspection i = Loading.inspect(SampleFiles.path(patch), List.of(SampleFiles.path(candidate)), List.of());
        return i.candidates().get(0).findings();
    }

    @Test
    void theSameCompilerSaysNothing() {
        List<Finding> f = candidateFindings("seed/seed_lp1.ko", "seed/v1/foo.ko");
        assertTrue(f.stream().noneMatch(x -> x.check().equals("toolchain")), f.toString());
    }

    @Test
    void anotherCompilerIsAWarningNamingBoth() {
        List<Finding> f = candidateFindings("seed/seed_lp1.ko", "kernels/7.3/seed/v1/foo.ko");
        Finding t = f.stream().filter(x -> x.check().equals("toolchain")).findFirst().orElseThrow();
        assertEquals(Severity.WARN, t.severity());
        assertEquals("the patch was built with " + GCC12 + ", this build with gcc (Debian 14.2.0-19) 14.2.0 (its .comment)",
                t.message());
        assertTrue(t.why().contains("gcc/kernel version mismatch"), t.why());
    }

    @Test
    void aDebianBuildWithoutTheStableUpdateIsAnotherCompiler() {
        // the ppc64el seed was cross-built with bookworm's first gcc-12 (12.2.0-14), the amd64 candidate with 12.2.0-14+deb12u1
        List<Finding> f = candidateFindings("kernels/6.1-ppc64el/seed/seed_lp1.ko", "kernels/6.1-ppc64el/seed/v1/foo.ko");
        assertTrue(f.stream().noneMatch(x -> x.check().equals("toolchain")), f.toString());
        List<Finding> g = candidateFindings("kernels/6.1-ppc64el/seed/seed_lp1.ko", "seed/v1/foo.ko");
        Finding t = g.stream().filter(x -> x.check().equals("toolchain")).findFirst().orElseThrow();
        assertTrue(t.message().startsWith("the patch was built with gcc (Debian 12.2.0-14) 12.2.0, this build with " + GCC12),
                t.message());
    }

    @Test
    void aVmlinuxReducedToItsSymbolsSaysNothing() {
        KernelObject v = KernelObjectReader.read(SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"));
        assertEquals(Optional.empty(), Compilers.of(v));
    }
}
