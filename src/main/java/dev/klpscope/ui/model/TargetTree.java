package dev.klpscope.ui.model;

import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Site;
import dev.klpscope.check.Target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the object → target → site tree for a filter. A search match keeps its parents visible: a matching
 * site keeps its target and object; a matching object keeps every admitted target in it.
 */
public final class TargetTree {

    private TargetTree() {
    }

    public static List<TreeNode> build(Inspection inspection, TargetFilter filter) {
        Map<String, List<Target>> byObject = new LinkedHashMap<>();
        inspection.patch().objects().forEach(o -> byObject.put(o, new ArrayList<>()));
        for (Target t : inspection.targets()) {
            byObject.computeIfAbsent(t.object(), o -> new ArrayList<>()).add(t);
        }
        List<TreeNode> roots = new ArrayList<>();
        byObject.forEach((object, targets) -> {
            boolean objectMatches = filter.searching() && filter.matchesObject(object);
            List<TreeNode> kept = new ArrayList<>();
            Severity worst = Severity.OK;
            for (Target t : targets) {
                if (!filter.admits(t)) {
                    continue;
                }
                List<Site> sites = t.sites();
                if (filter.searching() && !objectMatches && !filter.matches(t)) {
                    sites = sites.stream().filter(filter::matches).toList();
                    if (sites.isEmpty()) {
                        continue;
                    }
                }
                kept.add(new TreeNode(new TreeRow.TargetRow(t),
                        sites.stream().map(s -> new TreeNode(new TreeRow.SiteRow(t, s), List.of())).toList()));
                worst = Severity.worst(worst, t.worst());
            }
            if (!kept.isEmpty()) {
                roots.add(new TreeNode(new TreeRow.ObjectRow(object, kept.size(), worst), kept));
            }
        });
        return roots;
    }

    /** The targets of a tree in display order, for next/previous finding. */
    public static List<Target> targetsInOrder(List<TreeNode> roots) {
        List<Target> out = new ArrayList<>();
        for (TreeNode object : roots) {
            for (TreeNode t : object.children()) {
                if (t.row() instanceof TreeRow.TargetRow r) {
                    out.add(r.target());
                }
            }
        }
        return out;
    }
}
