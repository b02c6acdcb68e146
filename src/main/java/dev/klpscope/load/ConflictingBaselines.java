package dev.klpscope.load;

/**
 * Two {@code --baseline}s that are builds of one object: a patch is made against one build of each object, and
 * taking the first would silently make the other a candidate judged against it. Its message is the line shown.
 */
public final class ConflictingBaselines extends RuntimeException {

    ConflictingBaselines(String object, String first, String second) {
        super("klpscope: --baseline " + first + " and --baseline " + second + " are both builds of " + object
                + "; give one baseline per object (the other as a candidate)");
    }
}
