package dev.klpscope.ui.model;

import dev.klpscope.check.Inspection;
import dev.klpscope.check.Target;

import java.util.Optional;

/**
 * Carries the selected row over to a new inspection of the same patch (a candidate added, moved or removed): the
 * target is found again by object, name, position and role, since its verdicts, and so the record, changed.
 */
public final class TreeSelection {

    private TreeSelection() {
    }

    /** The row in {@code next} that stands for {@code kept}; none when the target (or patch) is gone. */
    public static Optional<TreeRow> carry(TreeRow kept, Inspection next) {
        if (kept == null || next == null) {
            return Optional.empty();
        }
        if (kept instanceof TreeRow.PatchRow p) {
            return p.name().equals(next.patch().name()) ? Optional.of(TargetTree.patchRow(next)) : Optional.empty();
        }
        if (kept instanceof TreeRow.ObjectRow || kept instanceof TreeRow.GroupRow) {
            return Optional.empty(); // their counts follow the filter: the tree view re-selects them by key
        }
        Target old = kept.owningTarget().orElseThrow();
        Optional<Target> same = next.targets().stream().filter(t -> sameTarget(t, old)).findFirst();
        if (kept instanceof TreeRow.SiteRow s) {
            return same.filter(t -> t.sites().contains(s.site())).map(t -> new TreeRow.SiteRow(t, s.site()));
        }
        return same.map(TreeRow.TargetRow::new);
    }

    static boolean sameTarget(Target a, Target b) {
        return a.object().equals(b.object()) && a.symbol().equals(b.symbol()) && a.sympos() == b.sympos()
                && a.role() == b.role();
    }
}
