package dev.klpscope.ui.model;

import java.util.List;

/** A row with its children: the filtered tree, UI-free; the view turns it into tree items. */
public record TreeNode(TreeRow row, List<TreeNode> children) {

    public TreeNode {
        children = List.copyOf(children);
    }
}
