package dev.klpscope.ui.view;

import dev.klpscope.check.Severity;
import dev.klpscope.check.TargetKind;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.theme.Icons;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * Only breaking, one toggle per kind and one per severity, bound to the view-model's filter. A row of its own, so
 * that none of them hides in the tool bar's overflow menu.
 */
final class FilterBar {

    private FilterBar() {
    }

    static ToolBar of(MainViewModel vm) {
        CheckBox breaking = new CheckBox("Only breaking");
        breaking.setId("onlyBreaking");
        breaking.setTooltip(new Tooltip("Targets that are risk, silent, refused or crash for some candidate"));
        breaking.selectedProperty().bindBidirectional(vm.onlyBreakingProperty());

        HBox kinds = new HBox(2);
        for (TargetKind k : TargetKind.values()) {
            ToggleButton b = new ToggleButton(k.word() + "s", Icons.kind(k));
            b.setId("filter-" + k.word());
            b.setTooltip(new Tooltip("Show " + k.word() + " targets"));
            b.selectedProperty().bindBidirectional(vm.kindProperty(k));
            kinds.getChildren().add(b);
        }
        HBox severities = new HBox(2);
        for (Severity s : Severity.values()) {
            ToggleButton b = new ToggleButton(s.word(), Icons.severity(s));
            b.setId("severity-" + s.word());
            b.setTooltip(new Tooltip("Show targets whose worst verdict is " + s.word()));
            b.selectedProperty().bindBidirectional(vm.severityProperty(s));
            severities.getChildren().add(b);
        }
        ToolBar filters = new ToolBar(breaking, new Separator(), kinds, new Separator(), severities);
        filters.setId("filterBar");
        return filters;
    }
}
