package dev.klpscope.ui.view;

import dev.klpscope.check.Target;
import dev.klpscope.ui.model.TargetKey;
import dev.klpscope.ui.model.TreeNode;
import dev.klpscope.ui.model.TreeRow;
import javafx.collections.ObservableList;
import javafx.scene.control.TreeItem;

import java.util.ArrayList;
import java.util.List;

/** A target whose site items are made on first use (expanding it, or selecting one of its sites). */
final class TargetItem extends TreeItem<TreeRow> {
    final TargetKey key;
    final boolean narrowed;
    private final List<TreeNode> sites;
    private boolean filled;

    TargetItem(TreeNode node) {
        super(node.row());
        Target t = ((TreeRow.TargetRow) node.row()).target();
        key = TargetKey.of(t);
        sites = node.children();
        narrowed = sites.size() < t.sites().size();
    }

    @Override
    public boolean isLeaf() {
        return sites == null || sites.isEmpty();
    }

    @Override
    public ObservableList<TreeItem<TreeRow>> getChildren() {
        if (!filled && sites != null) {
            filled = true;
            List<TreeItem<TreeRow>> items = new ArrayList<>(sites.size());
            sites.forEach(s -> items.add(new TreeItem<>(s.row())));
            super.getChildren().setAll(items);
        }
        return super.getChildren();
    }
}
