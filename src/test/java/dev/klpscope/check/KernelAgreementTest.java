package dev.klpscope.check;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import dev.klpscope.SampleFiles.KernelVerdict;
import dev.klpscope.SampleFiles.Readback;
import dev.klpscope.agreement.ConfusionMatrix;
import dev.klpscope.agreement.Judged;
import dev.klpscope.agreement.KernelOutcome;
import dev.klpscope.agreement.KnownDisagreements;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds klpscope's verdicts against what real kernels did with the scenario samples under QEMU (every
 * {@code kernel-verdicts.tsv}: 6.1.0-57's at the top of samples/, the others' in samples/kernels/&lt;kernel&gt;/),
 * exactly: each row's recorded outcome, with the probe's read-back compared against what the patch was built to
 * give ({@code kernel-readback.tsv}), must be predicted as that outcome ({@link KernelOutcome}), unless docs/checks.md
 * lists the row with its reason. Each kernel's confusion matrix is printed and shown in docs/checks.md.
 */
class KernelAgreementTest {

    /** Rows per recorded kernel: a recording that loses or gains rows must say so here. */
    static final Map<String, Integer> ROWS = Map.of("6.1", 96, "6.12", 28, "7.3", 10);

    /** The table's columns: every severity, best first. */
    static final List<String> PREDICTIONS = List.of("ok", "info", "warn", "risk", "silent", "refused", "crash");

    private static List<Judged> judged;

    static synchronized List<Judged> judged() {
        if (judged == null) {
            List<Judged> out = new ArrayList<>();
            SampleFiles.kernelRecordings().forEach((kernel, tsv) -> out.addAll(judge(kernel, tsv)));
            judged = List.copyOf(out);
        }
        return judged;
    }

    private static List<Judged> judge(String kernel, Path tsv) {
        List<KernelVerdict> rows = SampleFiles.kernelVerdicts(tsv);
        List<Readback> readbacks = SampleFiles.readbacks(tsv);
        Map<String, List<Path>> candidatesByPatch = new LinkedHashMap<>();
        for (KernelVerdict k : rows) {
            List<Path> cs = candidatesByPatch.computeIfAbsent(k.patch(), p -> new ArrayList<>());
            Path c = SampleFiles.recorded(tsv, k.candidate());
            if (!cs.contains(c)) {
                cs.add(c);
            }
        }
        Map<String, Inspection> inspections = new HashMap<>();
        List<Judged> out = new ArrayList<>();
        for (KernelVerdict k : rows) {
            Inspection inspection = inspections.computeIfAbsent(k.patch(), p -> inspect(tsv, p, candidatesByPatch.get(p)));
            Severity got = ScenarioVerdictsTest.worstFor(inspection, SampleFiles.recorded(tsv, k.candidate()).toString(),
                    order(k.order()));
            out.add(new Judged(kernel, k.patch(), k.candidate(), k.order(), recorded(k, readbacks), got.word(),
                    k.message()));
        }
        return out;
    }

    private static Inspection inspect(Path tsv, String patch, List<Path> candidates) {
        return Loading.inspect(SampleFiles.recorded(tsv, patch), candidates, baselines(tsv, patch));
    }

    /**
     * The build the patch was made from, as scenarios.tsv names it (a user's --baseline, as ScenarioVerdictsTest
     * gives it); a newer kernel's rebuild (kernels/&lt;kernel&gt;/…) takes the same scenario's rows under its folder.
     */
    private static List<Path> baselines(Path tsv, String patch) {
        String prefix = patch.startsWith("kernels/") ? patch.substring(0, patch.indexOf('/', "kernels/".length()) + 1) : "";
        return SampleFiles.scenarios().stream()
                .filter(s -> (prefix + s.patch()).equals(patch) && s.why().startsWith("Baseline"))
                .map(s -> SampleFiles.recorded(tsv, prefix + s.candidate())).filter(java.nio.file.Files::exists).toList();
    }

    static LoadOrder order(String order) {
        return switch (order) {
            case "target-first" -> LoadOrder.TARGET_FIRST;
            case "patch-first" -> LoadOrder.PATCH_FIRST;
            default -> throw new AssertionError("unknown order " + order);
        };
    }

    /** The outcome a row records; a loaded patch is right only when the probe read back what it was built to give. */
    static KernelOutcome recorded(KernelVerdict k, List<Readback> readbacks) {
        return switch (k.outcome()) {
            case "refused" -> KernelOutcome.REFUSED;
            case "oops" -> KernelOutcome.OOPS;
            case "unapplied" -> KernelOutcome.NEVER_APPLIED;
            case "stalled" -> KernelOutcome.STALLED;
            case "loaded" -> {
                List<Readback> expected = readbacks.stream().filter(r -> r.patch().equals(k.patch())
                        && r.candidate().equals(k.candidate())
                        && (r.order().equals("any") || r.order().equals(k.order()))).toList();
                assertEquals(1, expected.size(), () -> "read-back expectations for " + k);
                Readback r = expected.get(0);
                if (r.right().equals("-")) {
                    assertEquals("-", k.observed(), () -> "a read-back where none was expected: " + k);
                    yield KernelOutcome.LOADED_RIGHT;
                }
                if (shows(k.observed(), r.right())) {
                    yield KernelOutcome.LOADED_RIGHT;
                }
                yield !r.unpatched().equals("-") && shows(k.observed(), r.unpatched())
                        ? KernelOutcome.NEVER_APPLIED : KernelOutcome.LOADED_WRONG;
            }
            default -> throw new AssertionError("unknown recorded outcome '" + k.outcome() + "' in " + k);
        };
    }

    /** True when every {@code name=value} (or word) of {@code values} is among the read-back's. */
    static boolean shows(String observed, String values) {
        Set<String> seen = Set.of(observed.split(" "));
        return seen.containsAll(List.of(values.split(" ")));
    }

    @Test
    void everyRecordedKernelHasItsPinnedRows() {
        KnownDisagreements.byKernel(judged(), ROWS);
    }

    @Test
    void klpscopePredictsEveryRecordedOutcomeExactly() {
        KnownDisagreements.byKernel(judged(), ROWS).forEach((kernel, rows) ->
                System.out.println(ConfusionMatrix.markdown(title(kernel), rows, PREDICTIONS)));
        // broken livepatches: KernelBehaviourTest; the upstream corpus: UpstreamCorpusTest
        KnownDisagreements.assertOnlyListed(judged(), key -> !key.split(" \\| ")[1].startsWith("broken/")
                && !key.startsWith("upstream-") && !key.startsWith(TransitionStallRecordingTest.KERNEL_PREFIX));
    }

    @Test
    void docsShowEveryKernelsConfusionMatrix() {
        KnownDisagreements.byKernel(judged(), ROWS).forEach((kernel, rows) ->
                KnownDisagreements.assertDocumented(ConfusionMatrix.markdown(title(kernel), rows, PREDICTIONS)));
    }

    @Test
    void theSixOneRecordingHoldsEveryOutcomeInBothOrders() {
        List<Judged> rows = judged().stream().filter(j -> j.kernel().equals("6.1")).toList();
        assertEquals(Set.copyOf(KernelOutcome.AT_LOAD), rows.stream().map(Judged::recorded).collect(Collectors.toSet()));
        assertEquals(Set.of("target-first", "patch-first"), rows.stream().map(Judged::order).collect(Collectors.toSet()));
    }

    /** The read-back decides: the same loaded row is wrong when the probe shows another value. */
    @Test
    void aLoadedRowIsRightOnlyWithTheExpectedReadBack() {
        List<Readback> r = List.of(new Readback("p.ko", "c.ko", "any", "answer=207", "answer=0", ""));
        KernelVerdict right = new KernelVerdict("s", "p.ko", "c.ko", "target-first", "loaded", "", "answer=207 solo=7");
        KernelVerdict wrong = new KernelVerdict("s", "p.ko", "c.ko", "target-first", "loaded", "", "answer=307 solo=7");
        KernelVerdict unapplied = new KernelVerdict("s", "p.ko", "c.ko", "patch-first", "loaded", "", "answer=0 solo=7");
        assertEquals(KernelOutcome.LOADED_RIGHT, recorded(right, r));
        assertEquals(KernelOutcome.LOADED_WRONG, recorded(wrong, r));
        assertEquals(KernelOutcome.NEVER_APPLIED, recorded(unapplied, r));
        assertTrue(KernelOutcome.LOADED_RIGHT.agrees(Severity.WARN) && !KernelOutcome.LOADED_RIGHT.agrees(Severity.RISK)
                && !KernelOutcome.OOPS.agrees(Severity.SILENT) && !KernelOutcome.REFUSED.agrees(Severity.CRASH));
    }

    static String title(String kernel) {
        return "Scenarios on Linux " + kernel;
    }
}
