package dev.klpscope.ui.model;

import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Objects with more than {@link TargetTree#GROUP_LIMIT} targets: grouped by severity, then name ranges. */
class TargetTreeGroupsTest {

    private static final Inspection BIG = SyntheticInspection.of(12_000, 3);

    @Test
    void noNodeHasMoreThanTheLimitAndNothingIsLost() {
        List<TreeNode> roots = TargetTree.build(BIG, TargetFilter.ALL);
        assertTrue(maxChildren(roots) <= TargetTree.GROUP_LIMIT, "widest node: " + maxChildren(roots));
        List<Target> order = TargetTree.targetsInOrder(roots);
        assertEquals(BIG.targets().size(), order.size());
        assertEquals(new HashSet<>(BIG.targets()), new HashSet<>(order));
    }

    @Test
    void severityGroupsComeWorstFirstWithNameRangesInside() {
        TreeNode vmlinux = TargetTree.build(BIG, TargetFilter.ALL).stream()
                .filter(n -> ((TreeRow.ObjectRow) n.row()).object().equals("vmlinux")).findFirst().orElseThrow();
        List<Severity> order = new ArrayList<>();
        for (TreeNode g : vmlinux.children()) {
            TreeRow.GroupRow row = (TreeRow.GroupRow) g.row();
            assertEquals(row.worst().word(), row.label());
            order.add(row.worst());
            List<Target> in = TargetTree.targetsInOrder(List.of(g));
            assertEquals(row.targets(), in.size());
            assertTrue(in.stream().allMatch(t -> t.worst() == row.worst()));
            for (int k = 1; k < in.size(); k++) {
                assertTrue(in.get(k - 1).symbol().compareTo(in.get(k).symbol()) <= 0, "sorted by name in " + row.label());
            }
            if (row.targets() > TargetTree.GROUP_LIMIT) {
                assertTrue(g.children().stream().allMatch(c -> c.row() instanceof TreeRow.GroupRow r
                        && r.label().contains(" … ")), row.label() + " is cut into name ranges");
            }
        }
        assertEquals(order.stream().sorted().toList(), order, "worst first");
    }

    @Test
    void aNarrowResultStaysFlatAndSearchKeepsParents() {
        TargetFilter search = new TargetFilter(false, TargetFilter.ALL.kinds(), TargetFilter.ALL.severities(), "tcp_alloc_");
        List<TreeNode> roots = TargetTree.build(BIG, search);
        long matches = BIG.targets().stream().filter(t -> t.label().contains("tcp_alloc_")).count();
        assertTrue(matches > 0 && matches <= TargetTree.GROUP_LIMIT);
        assertEquals(matches, TargetTree.targetsInOrder(roots).size());
        roots.forEach(o -> o.children().forEach(t -> assertTrue(t.row() instanceof TreeRow.TargetRow)));
    }

    private static int maxChildren(List<TreeNode> nodes) {
        int max = nodes.size();
        for (TreeNode n : nodes) {
            if (!(n.row() instanceof TreeRow.TargetRow)) {
                max = Math.max(max, maxChildren(n.children()));
            }
        }
        return max;
    }
}
