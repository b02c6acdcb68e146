package dev.klpscope.ui.view;

import dev.klpscope.ui.model.GateText;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.theme.Icons;
import dev.klpscope.ui.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/**
 * The worst verdict as a badge, then the counts (targets, functions and variables apart, findings per severity), then
 * the gate: what {@code check} would exit with under the window's Fail On.
 */
final class SummaryBar {

    private SummaryBar() {
    }

    static HBox of(MainViewModel vm) {
        Label summary = new Label();
        summary.setId("summaryLabel");
        summary.textProperty().bind(vm.summaryProperty());
        Label worst = new Label();
        worst.setId("worstLabel");
        vm.inspectionProperty().addListener((o, a, i) -> {
            Badges.undress(worst);
            if (i == null) {
                worst.setText("");
                worst.setGraphic(null);
            } else {
                worst.setText("worst: " + i.worst().word());
                worst.setGraphic(Icons.severity(i.worst()));
                Badges.dress(worst, i.worst());
            }
        });
        Label gate = new Label();
        gate.setId("gateLabel");
        gate.textProperty().bind(Bindings.createStringBinding(() -> GateText.of(vm.gateProperty().get()), vm.gateProperty()));
        HBox bar = new HBox(worst, summary, gate);
        bar.getStyleClass().add(Styles.SUMMARY_BAR);
        bar.setId("summaryBar");
        return bar;
    }
}
