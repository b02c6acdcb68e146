package dev.klpscope.ui.model;

import java.util.List;

/** A row with its children: the filtered tree, UI-free; the view turns it into tree items. */
public record TreeNode(TreeRow row, List<TreeNode> children) {

    public TreeNode {
        children = children instanceof SiteNodes ? children : List.copyOf(children);
    }

    /**
     * A target's site nodes, made when asked for: most targets are never opened, and a filter pass over 50,000
     * targets would otherwise make a node per site each time. Immutable, and equal to a list of the same nodes.
     */
    static final class SiteNodes extends java.util.AbstractList<TreeNode> implements java.util.RandomAccess {
        private final dev.klpscope.check.Target target;
        private final List<dev.klpscope.check.Site> sites;

        SiteNodes(dev.klpscope.check.Target target, List<dev.klpscope.check.Site> sites) {
            this.target = target;
            this.sites = List.copyOf(sites);
        }

        @Override
        public TreeNode get(int index) {
            return new TreeNode(new TreeRow.SiteRow(target, sites.get(index)), List.of());
        }

        @Override
        public int size() {
            return sites.size();
        }
    }
}
