package dev.klpscope.ui.view;

import dev.klpscope.ui.action.ActionFactory;
import dev.klpscope.ui.model.CandidateRow;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.theme.Styles;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Locale;
import java.util.function.Function;

import static dev.klpscope.ui.action.StandardAction.MAKE_BASELINE;
import static dev.klpscope.ui.action.StandardAction.MOVE_CANDIDATE_LEFT;
import static dev.klpscope.ui.action.StandardAction.MOVE_CANDIDATE_RIGHT;
import static dev.klpscope.ui.action.StandardAction.REMOVE_CANDIDATE;

/**
 * The patch and the candidates: object, versions, baseline; remove, re-order, make baseline (standard actions on the
 * selected candidate, also in the Edit menu and the table's context menu).
 */
public final class InputsView {

    private final MainViewModel vm;
    private final VBox box = new VBox(6);
    private final TableView<CandidateRow> table = new TableView<>();

    public InputsView(MainViewModel vm, ActionFactory actions) {
        this.vm = vm;
        box.setPadding(new Insets(8, 10, 8, 10));
        Label patch = new Label();
        patch.setId("patchLabel");
        patch.getStyleClass().add(Styles.CARD_HEADER);
        patch.textProperty().bind(vm.patchTextProperty().map(t -> "Patch: " + t));

        table.setId("candidatesTable");
        table.getStyleClass().add(Styles.DENSE);
        table.setItems(vm.candidates());
        table.setPlaceholder(new Label("No candidates: add the modules the patch targets with Ctrl+Shift+O, or drop them here"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // Short fixed columns keep their titles whole; long values are cut in the middle (hashes, paths) or at the
        // end (vermagic) and shown in full in a tooltip.
        table.getColumns().add(col("Baseline", 96, 96, OverrunStyle.ELLIPSIS, r -> r.baseline() ? "★ baseline" : "",
                r -> r.baseline() ? "Baseline: " + r.baselineReason() : null));
        table.getColumns().add(col("Candidate", 150, 90, OverrunStyle.LEADING_ELLIPSIS, CandidateRow::label, CandidateRow::path));
        table.getColumns().add(col("Object", 90, 60, OverrunStyle.ELLIPSIS, CandidateRow::object, null));
        table.getColumns().add(col("vermagic", 250, 120, OverrunStyle.ELLIPSIS, CandidateRow::vermagic, null));
        table.getColumns().add(col("srcversion", 150, 80, OverrunStyle.CENTER_ELLIPSIS, CandidateRow::srcversion, null));
        table.getColumns().add(col("Build id", 170, 80, OverrunStyle.CENTER_ELLIPSIS, CandidateRow::buildId, null));
        table.getColumns().add(col("Path", 260, 100, OverrunStyle.LEADING_ELLIPSIS, CandidateRow::path, null));
        table.setPrefHeight(130);
        table.setMinHeight(90);
        // Edits replace the rows: keep the same candidate selected so Move left/right can be pressed again.
        // A selection lost because the rows were replaced is not the user's: only a row still there deselected is.
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedCandidateProperty().set(b.path());
            } else if (vm.candidates().stream().anyMatch(r -> r == a)) {
                vm.selectedCandidateProperty().set(null);
            }
        });
        vm.candidates().addListener((ListChangeListener<CandidateRow>) c -> reselect());

        Button up = actions.button(MOVE_CANDIDATE_LEFT);
        Button down = actions.button(MOVE_CANDIDATE_RIGHT);
        Button baseline = actions.button(MAKE_BASELINE);
        Button remove = actions.button(REMOVE_CANDIDATE);
        table.setContextMenu(actions.contextMenu(MOVE_CANDIDATE_LEFT, MOVE_CANDIDATE_RIGHT, MAKE_BASELINE, REMOVE_CANDIDATE));
        VBox buttons = new VBox(4, up, down, baseline, remove);
        for (Button b : new Button[]{up, down, baseline, remove}) {
            b.setMaxWidth(Double.MAX_VALUE);
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        // The table may shrink (its columns cut their text), the buttons may not: their words stay whole.
        buttons.setMinWidth(Region.USE_PREF_SIZE);
        table.setMinWidth(200);
        table.setPrefWidth(600);
        // Buttons beside the table, not under it: the table keeps the height for its rows.
        HBox body = new HBox(8, table, buttons);
        HBox.setHgrow(table, Priority.ALWAYS);
        box.getChildren().addAll(patch, body);
        VBox.setVgrow(body, Priority.ALWAYS);
    }

    public Node node() {
        return box;
    }

    public TableView<CandidateRow> table() {
        return table;
    }

    /** The rows were replaced (an edit re-ran the inspection): the same candidate stays selected, if still there. */
    private void reselect() {
        String path = vm.selectedCandidateProperty().get();
        vm.candidates().stream().filter(r -> r.path().equals(path)).findFirst()
                .ifPresentOrElse(r -> table.getSelectionModel().select(r), () -> vm.selectedCandidateProperty().set(null));
    }

    private static TableColumn<CandidateRow, String> col(String title, double width, double minWidth, OverrunStyle overrun,
                                                         Function<CandidateRow, String> text,
                                                         Function<CandidateRow, String> tip) {
        TableColumn<CandidateRow, String> c = new TableColumn<>(title);
        c.setId("column-" + title.replace(' ', '-').toLowerCase(Locale.ROOT));
        c.setPrefWidth(width);
        c.setMinWidth(minWidth);
        c.setSortable(false);
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(text.apply(f.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            private final Tooltip tooltip = new Tooltip();

            @Override
            protected void updateItem(String value, boolean empty) {
                super.updateItem(value, empty);
                setTextOverrun(overrun);
                if (empty || value == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(value);
                int i = getIndex();
                CandidateRow row = getTableView() != null && i >= 0 && i < getTableView().getItems().size()
                        ? getTableView().getItems().get(i) : null;
                String full = tip == null || row == null ? value : tip.apply(row);
                if (full == null || full.isEmpty()) {
                    setTooltip(null);
                } else {
                    tooltip.setText(full);
                    setTooltip(tooltip);
                }
            }
        });
        return c;
    }
}
