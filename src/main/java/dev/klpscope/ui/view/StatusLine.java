package dev.klpscope.ui.view;

import dev.klpscope.ui.model.MainViewModel;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import org.controlsfx.control.StatusBar;

/** The status bar: a running job's message, progress and Cancel, else what the last command did. */
final class StatusLine {

    private StatusLine() {
    }

    static StatusBar of(MainViewModel vm, FxJobs jobs) {
        StatusBar status = new StatusBar();
        status.setId("statusBar");
        status.textProperty().bind(Bindings.when(jobs.runningProperty().and(jobs.messageProperty().isNotEmpty()))
                .then(jobs.messageProperty()).otherwise(vm.statusProperty()));
        status.progressProperty().bind(Bindings.when(jobs.runningProperty()).then(jobs.progressProperty()).otherwise(0.0));
        Button cancel = new Button("Cancel");
        cancel.setId("cancelJob");
        cancel.visibleProperty().bind(jobs.runningProperty());
        cancel.managedProperty().bind(jobs.runningProperty());
        cancel.setOnAction(e -> jobs.cancel());
        status.getRightItems().add(cancel);
        return status;
    }
}
