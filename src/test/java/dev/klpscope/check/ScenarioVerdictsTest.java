package dev.klpscope.check;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import dev.klpscope.SampleFiles.Scenario;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Golden test: each sample livepatch against all candidates of its scenario gives, per candidate, the worst
 * severity that {@code samples/scenarios.tsv} (and the samples README) predicts.
 */
class ScenarioVerdictsTest {

    @TestFactory
    List<DynamicTest> everyScenarioGivesThePredictedOutcome() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, List<Scenario>> e : SampleFiles.scenariosByPatch().entrySet()) {
            List<Path> candidates = e.getValue().stream().map(s -> SampleFiles.path(s.candidate())).toList();
            for (Scenario s : e.getValue()) {
                tests.add(DynamicTest.dynamicTest(s.patch() + " x " + s.candidate(), () -> {
                    Inspection inspection = Loading.inspect(SampleFiles.path(s.patch()), candidates,
                            SampleFiles.baselinesOf(s.patch()));
                    Severity got = worstFor(inspection, SampleFiles.path(s.candidate()).toString());
                    assertEquals(s.expected(), got.word(), s.why());
                }));
            }
        }
        return tests;
    }

    /**
     * The seed scenario rebuilt for Debian's 6.12 and 7.3 kernels and for ppc64le (samples/kernels/) is judged by the
     * loader of the kernel it was built for. What those kernels did with it is held by {@link KernelAgreementTest}
     * from their own recordings (samples/kernels/&lt;kernel&gt;/kernel-verdicts.tsv), not by 6.1's expectations; there
     * is no recording for ppc64 (Debian's ppc64el kernel has no CONFIG_LIVEPATCH), so no verdict is claimed for it.
     */
    @TestFactory
    List<DynamicTest> newerBuildsAreJudgedByTheirOwnLoader() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Scenario> seed = SampleFiles.scenarios().stream().filter(s -> s.scenario().equals("seed")).toList();
        for (String kernel : List.of("6.12", "7.3", "6.1-ppc64el")) {
            String top = "kernels/" + kernel + "/";
            for (String patch : seed.stream().map(Scenario::patch).distinct().toList()) {
                tests.add(DynamicTest.dynamicTest(kernel + " " + patch, () -> {
                    Inspection inspection = Loading.inspect(SampleFiles.path(top + patch), List.of(), List.of());
                    assertEquals(kernel.replace("-ppc64el", ""), inspection.patch().lintRules().modelled().toString());
                }));
            }
        }
        return tests;
    }

    @Test
    void scenarioTableCoversEveryOutcomeClass() {
        var expected = SampleFiles.scenarios().stream().map(Scenario::expected).distinct().toList();
        for (String s : List.of("ok", "info", "risk", "silent", "refused", "crash")) {
            assertTrue(expected.contains(s), "no scenario expects " + s);
        }
    }

    /** What a candidate's column would show at worst: its target verdicts, its own findings and the patch's. */
    static Severity worstFor(Inspection inspection, String candidate) {
        return worstFor(inspection, candidate, LoadOrder.ANY);
    }

    /** The same, counting only findings that hold when the patch and the target load in {@code order}. */
    static Severity worstFor(Inspection inspection, String candidate, LoadOrder order) {
        Severity w = inspection.patch().worst();
        for (Target t : inspection.targets()) {
            for (Verdict v : t.verdicts()) {
                if (v.candidate().equals(candidate)) {
                    w = Severity.worst(w, v.severityFor(order));
                }
            }
        }
        for (CandidateInfo c : inspection.candidates()) {
            if (c.path().equals(candidate)) {
                w = Severity.worst(w, c.worst());
            }
        }
        return w;
    }
}
