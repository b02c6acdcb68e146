package dev.klpscope.realkernels;

import dev.klpscope.SampleFiles;
import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.load.Loading;
import dev.klpscope.module.KernelBuild;
import dev.klpscope.report.BuildMatrix;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.Reports;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matrix over real kernel builds: Debian's {@code -dbg} vmlinux of five 6.1 ABIs
 * ({@code scripts/fetch-dbg-vmlinux.sh} puts them in {@code ${KLP_CACHE:-/var/cache/klpscope}/dbg/<abi>/vmlinux}), given
 * in a shuffled order, against the upstream selftest {@code test_klp_atomic_replace.ko} built for 6.1.0-57. Each
 * file's build comes from its content (its {@code linux_banner}); the directory it was fetched into names the ABI, the
 * oracle here. Runs only where the cache holds all five, like {@link VmlinuxSurveyTest}.
 */
class DebianBuildsMatrixTest {

    private static final List<String> ABIS = List.of("6.1.0-53", "6.1.0-57", "6.1.0-47", "6.1.0-56", "6.1.0-50");

    @Test
    void fiveAbisAreColumnsByVersionWithTheKnownEnds() {
        List<Path> vmlinux = ABIS.stream().map(a -> VmlinuxSurveyTest.cache().resolve("dbg").resolve(a).resolve("vmlinux")).toList();
        Assumptions.assumeTrue(vmlinux.stream().allMatch(Files::isRegularFile),
                "no Debian -dbg vmlinux of every ABI " + ABIS + " under " + VmlinuxSurveyTest.cache() + "/dbg (scripts/fetch-dbg-vmlinux.sh)");
        Inspection in = Loading.inspect(SampleFiles.path("upstream/6.1/test_klp_atomic_replace.ko"), vmlinux, List.of());
        for (int i = 0; i < ABIS.size(); i++) {
            CandidateInfo c = in.candidate(vmlinux.get(i).toString()).orElseThrow();
            assertEquals(Optional.of(new KernelBuild(ABIS.get(i) + "-amd64", ABIS.get(i), "amd64")), c.kernelBuild(),
                    "the banner of " + c.path());
        }
        BuildMatrix m = BuildMatrix.of(in).orElseThrow();
        assertEquals(List.of("6.1.0-47", "6.1.0-50", "6.1.0-53", "6.1.0-56", "6.1.0-57"),
                m.builds().stream().map(BuildMatrix.Build::label).toList());
        // samples/README.md, "dupdef": the baseline is 57 by its CRCs and vermagic, and 47 refuses the patch by
        // module_layout first. On 57 the unsigned patch loads with a taint (signature-trust, info: samples/signature).
        BuildMatrix.Row kernel = m.rows().get(0);
        assertEquals("vmlinux (the object itself)", kernel.label());
        assertEquals(Optional.of(new BuildMatrix.Cell(Severity.REFUSED, Optional.empty())), kernel.cells().get(0));
        assertEquals(Optional.of(new BuildMatrix.Cell(Severity.INFO, Optional.empty())), kernel.cells().get(4));
        assertTrue(in.candidate(vmlinux.get(1).toString()).orElseThrow().baseline(), "57 is the baseline");
        List<BuildMatrix.Run> runs = m.runs(kernel);
        assertTrue(runs.size() >= 2 && runs.size() <= 5);
        for (int i = 1; i < runs.size(); i++) {
            assertNotEquals(runs.get(i - 1).cell(), runs.get(i).cell(), "adjacent equal builds are one run");
        }
        String text = Reports.render(in, ReportFormat.TEXT);
        assertTrue(text.contains("  6.1.0-47 · 6.1.0-50 · 6.1.0-53 · 6.1.0-56 · 6.1.0-57\n"), text);
        assertTrue(text.contains("vmlinux (the object itself)") && text.contains(m.runsLine(kernel)), text);
    }
}
