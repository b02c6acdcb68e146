package dev.klpscope.ui.model;

import dev.klpscope.check.Inspection;

import java.util.List;
import java.util.Optional;

/** Says how much of the result a filtered tree shows ("Showing 2 of 7 targets"); nothing while every target shows. */
public final class FilterNote {

    private FilterNote() {
    }

    public static Optional<String> text(Inspection inspection, List<TreeNode> roots, TargetFilter filter) {
        if (inspection == null || filter.equals(TargetFilter.ALL)) {
            return Optional.empty();
        }
        int total = inspection.targets().size();
        int shown = TargetTree.targetsInOrder(roots).size();
        return Optional.of("Showing " + shown + " of " + Session.count(total, "target") + " (filtered"
                + (filter.searching() ? ", search \"" + filter.search() + "\"" : "") + ")");
    }
}
