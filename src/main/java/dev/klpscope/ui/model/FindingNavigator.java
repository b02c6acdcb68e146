package dev.klpscope.ui.model;

import dev.klpscope.check.Severity;

import java.util.List;
import java.util.Optional;

/**
 * Next/previous finding (F3 / Shift+F3): the next row in display order with a finding, wrapping: a target
 * that is not ok, the patch row or the candidates row from {@code warn} up (a crashing patch over all-ok targets is
 * found).
 */
public final class FindingNavigator {

    private FindingNavigator() {
    }

    /**
     * @param ordered the stops in display order ({@link TargetTree#stopsInOrder})
     * @param current the selected row (a site stands for its target), or null to start from the top (forward) or
     *                bottom (backward)
     */
    public static Optional<TreeRow> step(List<TreeRow> ordered, TreeRow current, boolean forward) {
        int n = ordered.size();
        if (n == 0) {
            return Optional.empty();
        }
        TreeRow at = current instanceof TreeRow.SiteRow s ? new TreeRow.TargetRow(s.target()) : current;
        int start = at == null ? -1 : indexOf(ordered, at);
        if (start < 0) {
            start = forward ? -1 : n;
        }
        for (int k = 1; k <= n; k++) {
            int i = Math.floorMod(start + (forward ? k : -k), n);
            if (isFinding(ordered.get(i))) {
                return Optional.of(ordered.get(i));
            }
        }
        return Optional.empty();
    }

    /** The patch and candidates rows are rebuilt on every pass: they are found by kind, targets by equality. */
    private static int indexOf(List<TreeRow> ordered, TreeRow row) {
        for (int i = 0; i < ordered.size(); i++) {
            TreeRow o = ordered.get(i);
            if (o.equals(row) || o.getClass() == row.getClass()
                    && (o instanceof TreeRow.PatchRow || o instanceof TreeRow.CandidatesRow)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isFinding(TreeRow row) {
        if (row instanceof TreeRow.TargetRow t) {
            return Breaking.isFinding(t.target());
        }
        // Any two candidates differ in build id (info): the patch and candidates rows stop from warn up, or F3 would
        // always stop there first.
        return row instanceof TreeRow.Summary s && s.worst().atLeast(Severity.WARN);
    }
}
