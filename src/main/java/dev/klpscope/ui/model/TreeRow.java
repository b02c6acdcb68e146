package dev.klpscope.ui.model;

import dev.klpscope.check.Severity;
import dev.klpscope.check.Site;
import dev.klpscope.check.Target;

/** One row of the target tree: an object, a target in it, or one relocation site of a target. */
public sealed interface TreeRow {

    /** @param targets how many targets of the object pass the filter */
    record ObjectRow(String object, int targets, Severity worst) implements TreeRow {
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
