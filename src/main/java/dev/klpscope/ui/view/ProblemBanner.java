package dev.klpscope.ui.view;

import dev.klpscope.check.Severity;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.theme.Icons;
import dev.klpscope.ui.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The red strip naming what went wrong with a file, one line each, until dismissed; hidden when there is none. */
final class ProblemBanner {

    private ProblemBanner() {
    }

    static HBox of(MainViewModel vm) {
        Label text = new Label();
        text.setId("problemText");
        text.setWrapText(true);
        text.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", vm.problems()), vm.problems()));
        Button close = new Button("Dismiss");
        close.setId("dismissProblems");
        close.setOnAction(e -> vm.dismissProblems());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox banner = new HBox(Icons.severity(Severity.REFUSED), text, spacer, close);
        banner.setId("problemBanner");
        banner.getStyleClass().add(Styles.PROBLEM_BANNER);
        banner.visibleProperty().bind(Bindings.isNotEmpty(vm.problems()));
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }
}
