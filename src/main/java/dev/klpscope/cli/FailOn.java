package dev.klpscope.cli;

import dev.klpscope.check.Severity;

/**
 * The {@code --fail-on} threshold: exit 1 when any finding is at least this bad; one per severity but {@code ok}
 * (nothing is below it), and {@code never}. {@code crash} sits above {@code refused}, so it counts at every
 * threshold but {@code never}.
 */
enum FailOn {
    CRASH(Severity.CRASH),
    REFUSED(Severity.REFUSED),
    SILENT(Severity.SILENT),
    RISK(Severity.RISK),
    WARN(Severity.WARN),
    INFO(Severity.INFO),
    NEVER(null);

    /** The words {@code --fail-on} takes, worst first, as messages and help list them. */
    static final String CHOICES = "crash, refused, silent, risk, warn, info or never";

    private final Severity threshold;

    FailOn(Severity threshold) {
        this.threshold = threshold;
    }

    /** The word as given to {@code --fail-on}. */
    String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean reachedBy(Severity worst) {
        return threshold != null && worst.atLeast(threshold);
    }
}
