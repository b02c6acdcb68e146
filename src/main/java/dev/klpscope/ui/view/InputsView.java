package dev.klpscope.ui.view;

import dev.klpscope.ui.model.CandidateRow;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.theme.Styles;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
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

import java.util.function.Function;

/** The patch and the candidates: object, versions, baseline; remove, re-order, make baseline. */
public final class InputsView {

    private final MainViewModel vm;
    private final VBox box = new VBox(6);
    private final TableView<CandidateRow> table = new TableView<>();

    public InputsView(MainViewModel vm) {
        this.vm = vm;
        box.setPadding(new Insets(8, 10, 8, 10));
        Label patch = new Label();
        patch.setId("patchLabel");
        patch.getStyleClass().add(Styles.CARD_HEADER);
        patch.textProperty().bind(vm.patchTextProperty().map(t -> "Patch: " + t));

        table.setId("candidatesTable");
        table.getStyleClass().add(atlantafx.base.theme.Styles.DENSE);
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
        final String[] last = {null};
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> { if (b != null) { last[0] = b.path(); } });
        vm.candidates().addListener((javafx.collections.ListChangeListener<CandidateRow>) c ->
                vm.candidates().stream().filter(r -> r.path().equals(last[0])).findFirst()
                        .ifPresent(r -> table.getSelectionModel().select(r)));

        Button up = button("moveUp", "Move left", "Move the candidate's column left", () -> move(-1));
        Button down = button("moveDown", "Move right", "Move the candidate's column right", () -> move(1));
        Button baseline = button("makeBaseline", "Make baseline",
                "Compare the other candidates of this object against this one", () -> selected(vm::makeBaseline));
        Button remove = button("removeCandidate", "Remove", "Remove this candidate", () -> selected(vm::removeCandidate));
        ObservableValue<Boolean> none = table.getSelectionModel().selectedItemProperty().isNull();
        for (Button b : new Button[]{up, down, baseline, remove}) {
            b.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> none.getValue(), none));
        }
        VBox actions = new VBox(4, up, down, baseline, remove);
        for (Button b : new Button[]{up, down, baseline, remove}) {
            b.setMaxWidth(Double.MAX_VALUE);
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        // The table may shrink (its columns cut their text), the buttons may not: their words stay whole.
        actions.setMinWidth(Region.USE_PREF_SIZE);
        table.setMinWidth(200);
        table.setPrefWidth(600);
        // Buttons beside the table, not under it: the table keeps the height for its rows.
        HBox body = new HBox(8, table, actions);
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

    private void move(int delta) {
        selected(p -> vm.moveCandidate(p, delta));
    }

    private void selected(java.util.function.Consumer<String> action) {
        CandidateRow r = table.getSelectionModel().getSelectedItem();
        if (r != null) {
            action.accept(r.path());
        }
    }

    private static Button button(String id, String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    private static TableColumn<CandidateRow, String> col(String title, double width, double minWidth, OverrunStyle overrun,
                                                         Function<CandidateRow, String> text,
                                                         Function<CandidateRow, String> tip) {
        TableColumn<CandidateRow, String> c = new TableColumn<>(title);
        c.setId("column-" + title.replace(' ', '-').toLowerCase(java.util.Locale.ROOT));
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
