package dev.klpscope.agreement;

import dev.klpscope.check.Severity;

import java.util.List;
import java.util.Set;

/**
 * What a real kernel did with a livepatch under QEMU, and the only severities that predict it exactly: loaded and
 * right (the probe read back what the patch was built to give) is {@code ok}, {@code info} or {@code warn}; loaded
 * but wrong (another value read back) and never applied are {@code silent}; refused is {@code refused}; an oops is
 * {@code crash}; stalled (loaded and applied, but the transition still pending 60 s later: a replaced function never
 * left some task's stack, kernel/livepatch/transition.c klp_try_switch_task()) is {@code risk}.
 */
public enum KernelOutcome {
    LOADED_RIGHT("loaded, right", Set.of(Severity.OK, Severity.INFO, Severity.WARN)),
    LOADED_WRONG("loaded, wrong", Set.of(Severity.SILENT)),
    NEVER_APPLIED("never applied", Set.of(Severity.SILENT)),
    REFUSED("refused", Set.of(Severity.REFUSED)),
    OOPS("oops", Set.of(Severity.CRASH)),
    STALLED("stalled", Set.of(Severity.RISK));

    /** What a load shows at once, the rows of the load recordings' tables; only samples/transition/ waits for more. */
    public static final List<KernelOutcome> AT_LOAD = List.of(LOADED_RIGHT, LOADED_WRONG, NEVER_APPLIED, REFUSED, OOPS);

    private final String words;
    private final Set<Severity> predictedAs;

    KernelOutcome(String words, Set<Severity> predictedAs) {
        this.words = words;
        this.predictedAs = predictedAs;
    }

    public String words() {
        return words;
    }

    /** True when {@code predicted} says exactly this outcome. */
    public boolean agrees(Severity predicted) {
        return predictedAs.contains(predicted);
    }

    public static KernelOutcome fromWords(String words) {
        for (KernelOutcome o : values()) {
            if (o.words.equals(words)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown recorded outcome '" + words + "'");
    }
}
