package dev.klpscope.ui.model;

import dev.klpscope.check.Target;

import java.util.List;
import java.util.Optional;

/** Next/previous finding (F3 / Shift+F3): the next target in display order whose worst verdict is not ok, wrapping. */
public final class FindingNavigator {

    private FindingNavigator() {
    }

    /** @param current the selected target, or null to start from the top (forward) or bottom (backward) */
    public static Optional<Target> step(List<Target> ordered, Target current, boolean forward) {
        int n = ordered.size();
        if (n == 0) {
            return Optional.empty();
        }
        int start = current == null ? (forward ? -1 : n) : ordered.indexOf(current);
        if (start < 0 && current != null) {
            start = forward ? -1 : n;
        }
        for (int k = 1; k <= n; k++) {
            int i = Math.floorMod(start + (forward ? k : -k), n);
            if (Breaking.isFinding(ordered.get(i))) {
                return Optional.of(ordered.get(i));
            }
        }
        return Optional.empty();
    }
}
