package dev.klpscope.ui.model;

import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;

/** One definition of "breaking" for the filter, the navigation and the review image. */
public final class Breaking {

    /** Risk and worse: the patch is refused, crashes, binds wrongly, or reverts a change. */
    public static final Severity THRESHOLD = Severity.RISK;

    private Breaking() {
    }

    public static boolean is(Severity s) {
        return s.atLeast(THRESHOLD);
    }

    public static boolean is(Target t) {
        return is(t.worst());
    }

    /** Anything worth a look: every severity but ok. */
    public static boolean isFinding(Target t) {
        return t.worst() != Severity.OK;
    }
}
