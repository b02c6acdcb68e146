package dev.klpscope.ui.view;

import dev.klpscope.ui.model.TypePanel;
import dev.klpscope.ui.theme.Styles;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Optional;

/**
 * A {@link TypePanel} drawn: a title, then the reference's columns (where, size, type, name), the mark, and the
 * candidate's columns, one grid row per member; a changed row's cells and mark are bold in the finding's severity
 * colour, and the mark says in words what changed (colour is never the only cue); a big type's long runs of
 * unchanged rows are folded into a line that counts them ({@link TypePanel#lines}). Sized to fit beside nothing else
 * at 1024 pixels: long type names and paths are cut with an ellipsis, in full in their tooltip.
 */
final class TypePanelView {

    static final String ID_PREFIX = "typePanel-";
    /** Columns of long text are cut here; the grid then stays within a 1024-pixel window's details. */
    static final double TYPE_WIDTH = 160, NAME_WIDTH = 175;

    private TypePanelView() {
    }

    static Node of(TypePanel panel, int index) {
        VBox box = new VBox();
        box.setId(ID_PREFIX + index);
        box.getStyleClass().add(Styles.TYPE_PANEL);
        Label title = new Label(panel.check() + ": " + panel.title() + " — " + panel.changeCount());
        title.getStyleClass().add(Styles.CARD_HEADER);
        GridPane grid = new GridPane();
        grid.getStyleClass().add(Styles.TYPE_GRID);
        grid.add(header(panel.referenceHeader(), "typeReferenceHeader"), 0, 0, 4, 1);
        grid.add(header(panel.candidateHeader(), "typeCandidateHeader"), 5, 0, 4, 1);
        List<String> names = panel.check().equals("func-prototype") ? List.of("", "", "part", "")
                : List.of("offset", "size", "type", "member");
        for (int side = 0; side < 2; side++) {
            for (int c = 0; c < 4; c++) {
                Label l = new Label(names.get(c));
                l.getStyleClass().add(Styles.MUTED);
                grid.add(l, side * 5 + c, 1);
            }
        }
        int r = 2;
        for (TypePanel.Line line : panel.lines()) {
            if (!(line instanceof TypePanel.Row row)) {
                int n = ((TypePanel.Folded) line).rows();
                Label folded = new Label("⋯ " + n + " unchanged " + (panel.check().equals("func-prototype") ? "parts" : "members"));
                folded.getStyleClass().addAll(Styles.MUTED, Styles.TYPE_FOLDED);
                grid.add(folded, 0, r++, 9, 1);
                continue;
            }
            List<String> changed = row.changed() ? List.of(Styles.TYPE_CHANGED, Styles.severity(panel.severity())) : List.of();
            boolean prototype = panel.check().equals("func-prototype");
            cells(grid, 0, r, row.reference(), changed, prototype);
            Label mark = new Label(row.marksText());
            mark.getStyleClass().add(Styles.TYPE_MARK);
            mark.getStyleClass().addAll(changed);
            grid.add(mark, 4, r);
            cells(grid, 5, r, row.candidate(), changed, prototype);
            r++;
        }
        box.getChildren().addAll(title, grid);
        if (panel.truncated()) {
            Label cut = new Label("Members past the reader's bound are left out.");
            cut.getStyleClass().add(Styles.MUTED);
            box.getChildren().add(cut);
        }
        return box;
    }

    private static Label header(String text, String id) {
        Label l = new Label(text);
        l.setId(id);
        l.getStyleClass().add(Styles.CARD_SECTION);
        l.setTooltip(new Tooltip(text));
        return l;
    }

    /**
     * One side's four cells; an empty side (the member is on the other only) leaves them blank. A prototype part
     * (size and name empty: the name is in the part's text) may be as wide as the type and name columns together.
     */
    private static void cells(GridPane grid, int column, int row, Optional<TypePanel.Cell> cell, List<String> changed,
                              boolean prototype) {
        List<String> texts = cell.map(c -> List.of(c.where(), c.size(), c.type(), c.name())).orElse(List.of("", "", "", ""));
        for (int i = 0; i < (prototype ? 3 : 4); i++) {
            Label l = new Label(texts.get(i));
            l.getStyleClass().add(i < 2 ? Styles.TYPE_NUMBER : Styles.TYPE_TEXT);
            l.getStyleClass().addAll(changed);
            if (i >= 2) {
                l.setMaxWidth(prototype ? TYPE_WIDTH + NAME_WIDTH : i == 2 ? TYPE_WIDTH : NAME_WIDTH);
                if (!texts.get(i).isEmpty()) {
                    l.setTooltip(new Tooltip(texts.get(i)));
                }
            }
            grid.add(l, column + i, row);
        }
    }
}
