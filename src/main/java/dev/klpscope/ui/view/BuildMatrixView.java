package dev.klpscope.ui.view;

import dev.klpscope.check.Inspection;
import dev.klpscope.report.BuildMatrix;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.theme.Styles;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

import java.util.Optional;

/**
 * "Kernel builds": the patch against a fleet, shown under the tree while the candidates span two or more kernel
 * builds. Rows are the patch's objects and targets, columns the builds by version with adjacent identical columns
 * collapsed ("6.1.0-47 … 6.1.0-53"), exactly as the reports show it: all from {@link BuildMatrix}.
 */
final class BuildMatrixView {

    static final String ID = "buildMatrix";

    private final TableView<BuildMatrix.Row> table = new TableView<>();
    private final Label heading = new Label();
    private final VBox box = new VBox(heading, table);
    private final MainViewModel vm;

    BuildMatrixView(MainViewModel vm) {
        this.vm = vm;
        table.setId(ID);
        heading.setId("buildMatrixHeading");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(170);
        box.setVisible(false);
        box.managedProperty().bind(box.visibleProperty());
        vm.inspectionProperty().addListener((o, a, b) -> show(b));
        vm.suppressionsProperty().addListener((o, a, b) -> show(vm.getInspection()));
        show(vm.getInspection());
    }

    private void show(Inspection in) {
        // Cells the gate leaves out (--accept, --ignore) are marked as the reports mark them.
        Optional<BuildMatrix> shown = in == null ? Optional.empty() : BuildMatrix.of(in, vm.getSuppressions());
        table.getColumns().clear();
        table.getItems().clear();
        box.setVisible(shown.isPresent());
        if (shown.isEmpty()) {
            return;
        }
        BuildMatrix m = shown.get();
        heading.setText("Kernel builds: " + m.heading());
        TableColumn<BuildMatrix.Row, String> row = new TableColumn<>("Object / target");
        row.setId("buildMatrixRow");
        row.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().label()));
        row.setPrefWidth(320);
        table.getColumns().add(row);
        for (BuildMatrix.Run run : m.columnGroups()) {
            TableColumn<BuildMatrix.Row, Optional<BuildMatrix.Cell>> col = new TableColumn<>(m.label(run));
            col.setId("build-" + run.from());
            // Every build of a group has the same cells: the first one's is the group's.
            col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().cells().get(run.from())));
            col.setCellFactory(c -> new SeverityCell());
            table.getColumns().add(col);
        }
        table.getItems().setAll(m.rows());
    }

    /** The cell's word, coloured as the tree colours verdicts. */
    private static final class SeverityCell extends TableCell<BuildMatrix.Row, Optional<BuildMatrix.Cell>> {
        @Override
        protected void updateItem(Optional<BuildMatrix.Cell> item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeIf(s -> s.startsWith("severity-"));
            if (empty || item == null) {
                setText(null);
                return;
            }
            setText(BuildMatrix.cellWord(item));
            item.ifPresent(c -> getStyleClass().add(Styles.severity(c.severity())));
        }
    }

    Node node() {
        return box;
    }
}
