package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.SampleFiles.KernelVerdict;
import dev.klpscope.agreement.KernelOutcome;
import dev.klpscope.load.Loading;
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
 * The kthread scenario under QEMU (samples/transition/: 6.1.0-57's recording, and 6.12.95's in transition/6.12/),
 * held exactly. {@code kthread_lp} replaces {@code worker()}, the loop of foo's kthread {@code klps_worker}, which
 * sleeps in {@code msleep_interruptible()} called from it: loaded after foo, the kernel's transition never completes
 * ({@code /sys/kernel/livepatch/kthread_lp/transition} still 1 after 60 s, "livepatch: signaling remaining tasks",
 * the kthread's {@code patch_state} 0 with {@code worker} on its stack: kernel/livepatch/transition.c,
 * klp_try_switch_task() and klp_send_signals(), 6.1 and 6.12), and the new code never runs (loop=1); loaded before
 * foo, the kthread starts in the new {@code worker()} and the patch completes (loop=2). {@code kthread_step_lp}
 * replaces {@code step()}, which the loop calls and which has returned before the kthread sleeps: completes in
 * either order. The recorded "stalled" is predicted by check {@code transition-stall} at {@code risk}, for the
 * target-first order only; every other row as {@link KernelOutcome} says.
 */
class TransitionStallRecordingTest {

    /** Each recorded kernel's table (not among SampleFiles.kernelRecordings(): KernelAgreementTest has no "stalled"). */
    static final Map<String, Path> RECORDINGS = Map.of(
            "6.1", SampleFiles.path("transition/kernel-verdicts.tsv"),
            "6.12", SampleFiles.path("transition/6.12/kernel-verdicts.tsv"));

    @Test
    void bothKernelsRecordedEveryRowInBothOrders() {
        RECORDINGS.forEach((kernel, tsv) -> {
            List<KernelVerdict> rows = SampleFiles.kernelVerdicts(tsv);
            assertEquals(4, rows.size(), kernel);
            String prefix = kernel.equals("6.1") ? "" : "kernels/" + kernel + "/";
            assertEquals(List.of(
                    prefix + "kthread/kthread_lp.ko target-first stalled",
                    prefix + "kthread/kthread_lp.ko patch-first loaded",
                    prefix + "kthread/kthread_step_lp.ko target-first loaded",
                    prefix + "kthread/kthread_step_lp.ko patch-first loaded"),
                    rows.stream().map(r -> r.patch() + " " + r.order() + " " + r.outcome()).toList(), kernel);
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
                    + "worker\\+0x\\p{XDigit}+/0x\\p{XDigit}+ \\[foo\\] < .*"), kernel + ": " + stalled.message());
            assertEquals("loop=1 step=1", stalled.observed(), kernel + ": the old worker() still runs");
        });
    }

    @TestFactory
    List<DynamicTest> klpscopePredictsEveryRecordedRowExactly() {
        List<DynamicTest> tests = new ArrayList<>();
        RECORDINGS.forEach((kernel, tsv) -> {
            for (KernelVerdict k : SampleFiles.kernelVerdicts(tsv)) {
                tests.add(DynamicTest.dynamicTest(kernel + " " + k.patch() + " " + k.order(), () -> {
                    Path candidate = SampleFiles.recorded(tsv, k.candidate());
                    Inspection in = Loading.inspect(SampleFiles.recorded(tsv, k.patch()), List.of(candidate),
                            List.of(candidate));
                    LoadOrder order = k.order().equals("target-first") ? LoadOrder.TARGET_FIRST : LoadOrder.PATCH_FIRST;
                    Severity got = ScenarioVerdictsTest.worstFor(in, candidate.toString(), order);
                    List<Finding> stall = in.targets().stream().flatMap(t -> t.verdicts().stream())
                            .flatMap(v -> v.findings().stream()).filter(f -> f.check().equals("transition-stall")).toList();
                    if (k.outcome().equals("stalled")) {
                        assertEquals(Severity.RISK, got, k.toString());
                        assertEquals(List.of(Severity.RISK), stall.stream().map(Finding::severity).toList(),
                                "one transition-stall finding for worker(): " + k);
                    } else {
                        KernelOutcome recorded = KernelAgreementTest.recorded(k, SampleFiles.readbacks(tsv));
                        assertEquals(KernelOutcome.LOADED_RIGHT, recorded, k.toString());
                        assertTrue(recorded.agrees(got), k + " predicted " + got.word());
                        if (k.patch().endsWith("kthread_step_lp.ko")) {
                            assertEquals(List.of(), stall, "step() never sleeps: " + k);
                        }
                    }
                }));
            }
        });
        return tests;
    }
}
