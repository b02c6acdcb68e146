package dev.klpscope.ui.model;

import dev.klpscope.check.Site;
import dev.klpscope.check.Target;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/** A row with its children: the filtered tree, UI-free; the view turns it into tree items. */
public record TreeNode(TreeRow row, List<TreeNode> children) {

    public TreeNode {
        children = children instanceof SiteNodes ? children : List.copyOf(children);
    }

    /**
     * A target's site nodes, made when asked for: most targets are never opened, and a filter pass over 50,000
     * targets would otherwise make a node per site each time. Immutable, and equal to a list of the same nodes.
     */
    static final class SiteNodes extends AbstractList<TreeNode> implements RandomAccess {
        private final Target target;
        private final List<Site> sites;

        SiteNodes(Target target, List<Site> sites) {
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
