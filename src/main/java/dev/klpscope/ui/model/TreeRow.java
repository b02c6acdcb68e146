package dev.klpscope.ui.model;

import dev.klpscope.check.Severity;
import dev.klpscope.check.Site;
import dev.klpscope.check.Target;

/**
 * One row of the target tree: the patch file, an object, a group of its targets (objects with more than
 * {@link TargetTree#GROUP_LIMIT} targets shown), a target, or one relocation site of a target.
 */
public sealed interface TreeRow {

    /** A row that stands for more than one target, or for the patch file: its worst overall and per candidate column. */
    sealed interface Summary extends TreeRow {
        Severity worst();

        ColumnWorst columns();
    }

    /**
     * The patch file itself, at the top of the tree: lint's worst verdict (its own findings) in every candidate column.
     *
     * @param name   the patch's module name
     * @param loader whose loader the lint modelled ({@code Linux 6.1})
     */
    record PatchRow(String name, String loader, Severity worst, int findings, ColumnWorst columns) implements Summary {
    }

    /**
     * @param targets how many targets of the object pass the filter
     * @param columns worst per candidate column over every target of the object, shown or not
     */
    record ObjectRow(String object, int targets, Severity worst, ColumnWorst columns) implements Summary {
    }

    /**
     * Targets of one object grouped by worst severity ({@code refused}), or a name range inside such a group
     * ({@code tcp_a … tcp_v}) when a severity holds more than {@link TargetTree#GROUP_LIMIT}.
     *
     * @param key     unique among the object's groups: the severity word, then the range's first label
     * @param label   what the row shows
     * @param targets how many targets the group holds
     * @param columns worst per candidate column over the targets the group holds
     */
    record GroupRow(String object, String key, String label, int targets, Severity worst, ColumnWorst columns)
            implements Summary {
    }

    record TargetRow(Target target) implements TreeRow {
    }

    record SiteRow(Target target, Site site) implements TreeRow {
    }

    /** The target a row belongs to, for the details pane; none for object rows. */
    default java.util.Optional<Target> owningTarget() {
        if (this instanceof TargetRow t) {
            return java.util.Optional.of(t.target());
        }
        if (this instanceof SiteRow s) {
            return java.util.Optional.of(s.target());
        }
        return java.util.Optional.empty();
    }
}
