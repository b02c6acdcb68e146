package dev.klpscope.ui.view;

import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.theme.Styles;
import javafx.scene.Node;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;

import java.io.File;

/** Files dropped anywhere on the window go to the view-model ({@link dev.klpscope.ui.model.DropPolicy} decides). */
final class FileDropTarget {

    private FileDropTarget() {
    }

    static void install(Node root, MainViewModel vm) {
        root.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                if (!root.getStyleClass().contains(Styles.DROP_TARGET)) {
                    root.getStyleClass().add(Styles.DROP_TARGET);
                }
            }
            e.consume();
        });
        root.addEventHandler(DragEvent.DRAG_EXITED, e -> root.getStyleClass().remove(Styles.DROP_TARGET));
        root.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            root.getStyleClass().remove(Styles.DROP_TARGET);
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                vm.drop(e.getDragboard().getFiles().stream().map(File::toPath).toList());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }
}
