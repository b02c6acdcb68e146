package dev.klpscope.cli;

import dev.klpscope.check.Severity;

/**
 * The {@code --fail-on} threshold: exit 1 when any finding is at least this bad. {@code crash} sits above
 * {@code refused}, so it always counts unless the threshold is {@code never}.
 */
enum FailOn {
    REFUSED(Severity.REFUSED),
    SILENT(Severity.SILENT),
    RISK(Severity.RISK),
    WARN(Severity.WARN),
    NEVER(null);

    private final Severity threshold;

    FailOn(Severity threshold) {
        this.threshold = threshold;
    }

    boolean reachedBy(Severity worst) {
        return threshold != null && worst.atLeast(threshold);
    }
}
