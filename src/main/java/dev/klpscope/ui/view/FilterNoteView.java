package dev.klpscope.ui.view;

import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.theme.Styles;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/** "Showing 2 of 7 targets" with a way back to all of them, above the tree while a filter hides some. */
final class FilterNoteView {

    private final HBox note = new HBox();

    FilterNoteView(MainViewModel vm) {
        Label text = new Label();
        text.setId("filterNoteText");
        text.textProperty().bind(vm.filterNoteProperty());
        Hyperlink all = new Hyperlink("Show all targets");
        all.setId("filterNoteShowAll");
        all.setOnAction(e -> vm.clearFilters());
        note.getChildren().addAll(text, all);
        note.setId("filterNote");
        note.getStyleClass().add(Styles.FILTER_NOTE);
        note.managedProperty().bind(note.visibleProperty());
        note.visibleProperty().bind(vm.filterNoteProperty().isNotEmpty());
    }

    Node node() {
        return note;
    }
}
