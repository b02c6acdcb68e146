package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.SampleFiles.KernelVerdict;
import dev.klpscope.agreement.ConfusionMatrix;
import dev.klpscope.agreement.Judged;
import dev.klpscope.agreement.KernelOutcome;
import dev.klpscope.agreement.KnownDisagreements;
import dev.klpscope.load.Loading;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kthread scenario under QEMU (samples/transition/: 6.1.0-57's recording, and 6.12.95's in transition/6.12/),
 * held exactly. {@code kthread_lp} replaces {@code worker()}, the loop of foo's kthread {@code klps_worker}, which
 * sleeps in {@code msleep_interruptible()} called from it: loaded after foo, the kernel's transition never completes
 * ({@code /sys/kernel/livepatch/kthread_lp/transition} still 1 after 60 s, "livepatch: signaling remaining tasks",
 * the kthread's {@code patch_state} 0 with {@code worker} on its stack: kernel/livepatch/transition.c,
 * klp_try_switch_task() and klp_send_signals(), 6.1 and 6.12), and the new code never runs (loop=1); loaded before
 * foo, the kthread starts in the new {@code worker()} and the patch completes (loop=2). {@code kthread_step_lp}
 * replaces {@code step()}, which the loop calls and which has returned before the kthread sleeps: completes in
 * either order. Each row must be predicted as {@link KernelOutcome} says ("stalled" as {@code risk}, check
 * {@code transition-stall}), unless docs/checks.md lists it; the kernels' tables are shown there as "Transitions on
 * Linux ...".
 */
class TransitionStallRecordingTest {

    /** The kernel column of these rows in docs/checks.md, apart from the scenario tables' "6.1" and "6.12". */
    static final String KERNEL_PREFIX = "transition-";

    /** Each recorded kernel's table (not among SampleFiles.kernelRecordings(): those wait for no transition). */
    static final Map<String, Path> RECORDINGS = Map.of(
            "6.1", SampleFiles.path("transition/kernel-verdicts.tsv"),
            "6.12", SampleFiles.path("transition/6.12/kernel-verdicts.tsv"));

    private static final Map<String, Integer> ROWS = Map.of(KERNEL_PREFIX + "6.1", 4, KERNEL_PREFIX + "6.12", 4);

    private static List<Judged> judged;

    static synchronized List<Judged> judged() {
        if (judged == null) {
            List<Judged> out = new ArrayList<>();
            RECORDINGS.forEach((kernel, tsv) -> {
                for (KernelVerdict k : SampleFiles.kernelVerdicts(tsv)) {
                    Path candidate = SampleFiles.recorded(tsv, k.candidate());
                    Severity got = ScenarioVerdictsTest.worstFor(inspect(tsv, k), candidate.toString(), order(k));
                    out.add(new Judged(KERNEL_PREFIX + kernel, k.patch(), k.candidate(), k.order(),
                            KernelAgreementTest.recorded(k, SampleFiles.readbacks(tsv)), got.word(), k.message()));
                }
            });
            judged = List.copyOf(out);
        }
        return judged;
    }

    /** The patch against its target, v1, the build it was made from (transition/scenarios.tsv: "Baseline"). */
    private static Inspection inspect(Path tsv, KernelVerdict k) {
        Path candidate = SampleFiles.recorded(tsv, k.candidate());
        return Loading.inspect(SampleFiles.recorded(tsv, k.patch()), List.of(candidate), List.of(candidate));
    }

    private static LoadOrder order(KernelVerdict k) {
        return k.order().equals("target-first") ? LoadOrder.TARGET_FIRST : LoadOrder.PATCH_FIRST;
    }

    private static String title(String kernel) {
        return "Transitions on Linux " + kernel.substring(KERNEL_PREFIX.length());
    }

    @Test
    void bothKernelsRecordedEveryRowInBothOrders() {
        KnownDisagreements.byKernel(judged(), ROWS);
        RECORDINGS.forEach((kernel, tsv) -> {
            String prefix = kernel.equals("6.1") ? "" : "kernels/" + kernel + "/";
            assertEquals(List.of(
                    prefix + "kthread/kthread_lp.ko target-first stalled loop=1 step=1",
                    prefix + "kthread/kthread_lp.ko patch-first loaded loop=2 step=1",
                    prefix + "kthread/kthread_step_lp.ko target-first loaded loop=1 step=2",
                    prefix + "kthread/kthread_step_lp.ko patch-first loaded loop=1 step=2"),
                    SampleFiles.kernelVerdicts(tsv).stream()
                            .map(r -> r.patch() + " " + r.order() + " " + r.outcome() + " " + r.observed()).toList(),
                    kernel);
        });
    }

    /** What the kernel printed and the recorder read while the transition stalled: the kthread, inside worker(). */
    @Test
    void theStallIsTheKthreadSleepingInTheReplacedLoop() {
        RECORDINGS.forEach((kernel, tsv) -> {
            KernelVerdict stalled = SampleFiles.kernelVerdicts(tsv).stream()
                    .filter(r -> r.outcome().equals("stalled")).findFirst().orElseThrow();
            assertTrue(stalled.message().startsWith("livepatch: signaling remaining tasks | "
                    + "transition still 1 after 60 s, not switched: klps_worker ("), kernel + ": " + stalled.message());
            assertTrue(stalled.message().matches(".*\\(msleep_interruptible\\+0x\\p{XDigit}+/0x\\p{XDigit}+ < "
                    + "worker\\+0x\\p{XDigit}+/0x\\p{XDigit}+ \\[foo\\] < kthread\\+.*"), kernel + ": " + stalled.message());
        });
    }

    @Test
    void klpscopePredictsEveryRecordedOutcomeExactly() {
        KnownDisagreements.byKernel(judged(), ROWS).forEach((kernel, rows) ->
                System.out.println(ConfusionMatrix.markdown(title(kernel), rows, List.of(KernelOutcome.values()),
                        KernelAgreementTest.PREDICTIONS)));
        KnownDisagreements.assertOnlyListed(judged(), key -> key.startsWith(KERNEL_PREFIX));
    }

    @Test
    void docsShowEveryKernelsConfusionMatrix() {
        KnownDisagreements.byKernel(judged(), ROWS).forEach((kernel, rows) -> KnownDisagreements.assertDocumented(
                ConfusionMatrix.markdown(title(kernel), rows, List.of(KernelOutcome.values()),
                        KernelAgreementTest.PREDICTIONS)));
    }

    /** step() has returned before the kthread sleeps: nothing of the patch can hold the transition. */
    @Test
    void aReplacedFunctionThatReturnsBeforeTheSleepIsNoStall() {
        RECORDINGS.forEach((kernel, tsv) -> {
            for (KernelVerdict k : SampleFiles.kernelVerdicts(tsv)) {
                if (k.patch().endsWith("kthread_step_lp.ko")) {
                    List<Finding> stall = inspect(tsv, k).targets().stream().flatMap(t -> t.verdicts().stream())
                            .flatMap(v -> v.findings().stream()).filter(f -> f.check().equals("transition-stall"))
                            .toList();
                    assertEquals(List.of(), stall, kernel + " " + k);
                    assertEquals("loaded", k.outcome(), k.toString());
                }
            }
        });
    }
}
