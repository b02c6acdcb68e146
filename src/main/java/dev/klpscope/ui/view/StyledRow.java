package dev.klpscope.ui.view;

import dev.klpscope.ui.model.TreeRow;
import dev.klpscope.ui.theme.Styles;
import javafx.scene.control.TreeTableRow;

/** A tree row styled by what it stands for: the patch and candidate files, an object, a group, a site. */
final class StyledRow extends TreeTableRow<TreeRow> {
    @Override
    protected void updateItem(TreeRow row, boolean empty) {
        super.updateItem(row, empty);
        getStyleClass().removeAll(Styles.PATCH_ROW, Styles.OBJECT_ROW, Styles.GROUP_ROW, Styles.SITE_ROW);
        if (!empty && (row instanceof TreeRow.PatchRow || row instanceof TreeRow.CandidatesRow)) {
            getStyleClass().add(Styles.PATCH_ROW);
        } else if (!empty && row instanceof TreeRow.ObjectRow) {
            getStyleClass().add(Styles.OBJECT_ROW);
        } else if (!empty && row instanceof TreeRow.GroupRow) {
            getStyleClass().add(Styles.GROUP_ROW);
        } else if (!empty && row instanceof TreeRow.SiteRow) {
            getStyleClass().add(Styles.SITE_ROW);
        }
    }
}
