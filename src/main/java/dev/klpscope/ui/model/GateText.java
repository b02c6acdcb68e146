package dev.klpscope.ui.model;

import dev.klpscope.report.GateOutcome;

/**
 * The gate as the summary bar says it: what {@code check} would exit with under {@code --fail-on}
 * ({@code Cli.FINDINGS} is 1, a clean run 0).
 */
public final class GateText {

    private GateText() {
    }

    /** E.g. "gate: fails at silent (exit 1)"; empty without an inspection. */
    public static String of(GateOutcome gate) {
        if (gate == null) {
            return "";
        }
        if (gate.failOn().equals("never")) {
            return "gate: never fails (exit 0)";
        }
        return gate.failed() ? "gate: fails at " + gate.failOn() + " (exit 1)"
                : "gate: passes at " + gate.failOn() + " (exit 0)";
    }
}
