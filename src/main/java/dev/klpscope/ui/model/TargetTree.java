package dev.klpscope.ui.model;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Site;
import dev.klpscope.check.Target;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Builds the object → target → site tree for a filter. A search match keeps its parents visible: a matching
 * site keeps its target and object; a matching object keeps every admitted target in it.
 * <p>
 * An object with more than {@link #GROUP_LIMIT} targets shown gets group rows between it and its targets: one per
 * worst severity, worst first ({@code crash}, {@code refused}, …), and inside a severity with more than the limit,
 * name ranges of at most the limit, targets sorted by name. A user finds the breaking ones at the top; and no tree
 * node has tens of thousands of children, which JavaFX's tree table walks from the first for every row it shows.
 */
public final class TargetTree {

    /** Most children under one tree node; above it, an object's targets are grouped. */
    public static final int GROUP_LIMIT = 1000;

    private TargetTree() {
    }

    public static List<TreeNode> build(Inspection inspection, TargetFilter filter) {
        Prepared p = prepared(inspection);
        String needle = filter.search().toLowerCase(Locale.ROOT);
        List<TreeNode> roots = new ArrayList<>();
        p.byObject.forEach((object, targets) -> {
            boolean objectMatches = filter.searching() && filter.matchesObject(object);
            List<TreeNode> kept = new ArrayList<>();
            TreeNode[] nodeAt = new TreeNode[targets.size()];
            Severity worst = Severity.OK;
            for (int n = 0; n < targets.size(); n++) {
                Target t = targets.get(n);
                Severity tw = p.worst.get(object)[n];
                if (!filter.admits(t, tw)) {
                    continue;
                }
                List<Site> sites = t.sites();
                if (filter.searching() && !objectMatches && !p.lowerLabel.get(object)[n].contains(needle)) {
                    sites = sites.stream().filter(filter::matches).toList();
                    if (sites.isEmpty()) {
                        continue;
                    }
                }
                TreeNode node = new TreeNode(new TreeRow.TargetRow(t), new TreeNode.SiteNodes(t, sites));
                kept.add(node);
                nodeAt[n] = node;
                worst = Severity.worst(worst, tw);
            }
            if (!kept.isEmpty()) {
                roots.add(new TreeNode(new TreeRow.ObjectRow(object, kept.size(), worst, p.objectColumns.get(object)),
                        kept.size() > GROUP_LIMIT
                                ? groups(p.columns, object, nodeAt, p.grouped.get(object), p.worst.get(object)) : kept));
            }
        });
        return roots;
    }

    /**
     * What every filter pass needs of an inspection and does not change with the filter: targets by object, each
     * target's worst verdict and lower-case label. Made once per inspection (the last one is kept).
     */
    private record Prepared(Inspection inspection, Map<String, List<Target>> byObject, Map<String, Severity[]> worst,
                            Map<String, String[]> lowerLabel, Map<String, int[]> grouped, ColumnWorst.Columns columns,
                            Map<String, ColumnWorst> objectColumns) {
    }

    private static Prepared last;

    private static synchronized Prepared prepared(Inspection inspection) {
        if (last == null || last.inspection() != inspection) {
            Map<String, List<Target>> byObject = new LinkedHashMap<>();
            inspection.patch().objects().forEach(o -> byObject.put(o, new ArrayList<>()));
            for (Target t : inspection.targets()) {
                byObject.computeIfAbsent(t.object(), o -> new ArrayList<>()).add(t);
            }
            Map<String, Severity[]> worst = new HashMap<>();
            Map<String, String[]> lower = new HashMap<>();
            Map<String, int[]> grouped = new HashMap<>();
            ColumnWorst.Columns columns = ColumnWorst.Columns.of(inspection);
            Map<String, ColumnWorst> objectColumns = new HashMap<>();
            byObject.forEach((o, targets) -> {
                objectColumns.put(o, ColumnWorst.overObject(columns, o, targets));
                Severity[] w = new Severity[targets.size()];
                String[] l = new String[targets.size()];
                for (int n = 0; n < w.length; n++) {
                    w[n] = targets.get(n).worst();
                    l[n] = targets.get(n).label().toLowerCase(Locale.ROOT);
                }
                worst.put(o, w);
                lower.put(o, l);
                // The order of the groups, sorted once: worst first, then by name, position and role.
                Comparator<Integer> order = Comparator.<Integer, Severity>comparing(n -> w[n])
                        .thenComparing(n -> targets.get(n).symbol())
                        .thenComparingLong(n -> targets.get(n).sympos())
                        .thenComparing(n -> targets.get(n).role());
                grouped.put(o, IntStream.range(0, w.length).boxed().sorted(order)
                        .mapToInt(Integer::intValue).toArray());
            });
            last = new Prepared(inspection, byObject, worst, lower, grouped, columns, objectColumns);
        }
        return last;
    }

    /**
     * By worst severity, worst first; a severity with more than the limit is cut into name ranges.
     *
     * @param nodeAt the kept targets' nodes by index in the object's targets (null: not kept)
     * @param order  the object's target indices sorted by worst severity, then name (once per inspection)
     */
    private static List<TreeNode> groups(ColumnWorst.Columns columns, String object, TreeNode[] nodeAt, int[] order,
                                         Severity[] worst) {
        Map<Severity, List<TreeNode>> bySeverity = new EnumMap<>(Severity.class);
        for (int n : order) {
            if (nodeAt[n] != null) {
                bySeverity.computeIfAbsent(worst[n], s -> new ArrayList<>()).add(nodeAt[n]);
            }
        }
        List<TreeNode> out = new ArrayList<>();
        bySeverity.forEach((severity, list) -> {
            List<TreeNode> children = list;
            if (list.size() > GROUP_LIMIT) {
                children = new ArrayList<>();
                for (int from = 0; from < list.size(); from += GROUP_LIMIT) {
                    List<TreeNode> range = list.subList(from, Math.min(list.size(), from + GROUP_LIMIT));
                    String first = label(range.get(0));
                    String last = label(range.get(range.size() - 1));
                    children.add(new TreeNode(new TreeRow.GroupRow(object, severity.word() + "/" + first,
                            first + " … " + last, range.size(), severity, worstOver(columns, object, range)), range));
                }
            }
            out.add(new TreeNode(new TreeRow.GroupRow(object, severity.word(), severity.word(), list.size(), severity,
                    worstOver(columns, object, list)), children));
        });
        return out;
    }

    /** Worst per candidate column over the targets of some target nodes (a group's). */
    private static ColumnWorst worstOver(ColumnWorst.Columns columns, String object, List<TreeNode> targets) {
        return ColumnWorst.over(columns, object, targets.stream().map(TargetTree::target)::iterator);
    }

    /**
     * The row of the patch file itself, above its objects: lint's worst in every candidate column, so that a patch
     * the kernel refuses or crashes on never reads as all {@code ok}.
     */
    public static TreeRow.PatchRow patchRow(Inspection inspection) {
        var patch = inspection.patch();
        int findings = (int) patch.findings().stream().filter(f -> f.severity() != Severity.OK).count();
        return new TreeRow.PatchRow(patch.name(), "Linux " + patch.lintRules().modelled(), patch.worst(), findings,
                ColumnWorst.patchFile(inspection));
    }

    /** The row of the candidate files, under the patch row: each candidate's own worst in its column. */
    public static TreeRow.CandidatesRow candidatesRow(Inspection inspection) {
        Severity worst = Severity.OK;
        int findings = 0;
        for (CandidateInfo c : inspection.candidates()) {
            worst = Severity.worst(worst, c.worst());
            findings += (int) c.findings().stream().filter(f -> f.severity() != Severity.OK).count();
        }
        return new TreeRow.CandidatesRow(findings, worst, ColumnWorst.candidateFiles(inspection));
    }

    /**
     * The rows above the objects, whatever the filter: the patch file (the tree's root) and, with candidates, the
     * candidate files' row first under it.
     */
    public record Top(TreeRow.PatchRow patch, Optional<TreeRow.CandidatesRow> candidates) {
        List<TreeRow> rows() {
            List<TreeRow> rows = new ArrayList<>(List.of(patch));
            candidates.ifPresent(rows::add);
            return rows;
        }
    }

    public static Top top(Inspection inspection) {
        return new Top(patchRow(inspection), inspection.candidates().isEmpty() ? Optional.empty()
                : Optional.of(candidatesRow(inspection)));
    }

    /** The rows F3 and Shift+F3 stop at, in display order: the {@link #top} rows, then the targets of {@code roots}. */
    public static List<TreeRow> stopsInOrder(Inspection inspection, List<TreeNode> roots) {
        List<TreeRow> out = new ArrayList<>();
        if (inspection != null) {
            out.addAll(top(inspection).rows());
        }
        targetsInOrder(roots).forEach(t -> out.add(new TreeRow.TargetRow(t)));
        return out;
    }

    private static Target target(TreeNode node) {
        return ((TreeRow.TargetRow) node.row()).target();
    }

    private static String label(TreeNode target) {
        return target(target).label();
    }

    /** The targets of a tree in display order, for next/previous finding. */
    public static List<Target> targetsInOrder(List<TreeNode> roots) {
        List<Target> out = new ArrayList<>();
        collect(roots, out);
        return out;
    }

    private static void collect(List<TreeNode> nodes, List<Target> out) {
        for (TreeNode n : nodes) {
            if (n.row() instanceof TreeRow.TargetRow r) {
                out.add(r.target());
            } else if (!(n.row() instanceof TreeRow.SiteRow)) {
                collect(n.children(), out);
            }
        }
    }
}
