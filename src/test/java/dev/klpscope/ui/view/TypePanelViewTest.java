package dev.klpscope.ui.view;

import dev.klpscope.check.Severity;
import dev.klpscope.ui.model.TypePanel;
import dev.klpscope.ui.theme.Styles;
import dev.klpscope.ui.theme.Theme;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@link TypePanelView} lays a panel out in the width the details have at 1024 pixels: a prototype's parts in
 * full, a big type's unchanged runs as lines that count them. The panels are made here (the rows a real finding
 * gives are TypePanelModelTest's and TypePanelWindowTest's).
 */
@ExtendWith(ApplicationExtension.class)
class TypePanelViewTest {

    /** The details' width in a 1024-pixel window, less its padding and scroll bar. */
    static final double DETAILS = 990;

    @Start
    void start(Stage stage) {
    }

    /** pci_match_device as Debian's 6.1.0-53 and -57 vmlinux BTF give it (VmlinuxTypesTest): a parameter came at the end. */
    @Test
    void aPrototypesPartsAreShownWhole() throws Exception {
        List<String> before = List.of("const struct pci_device_id *", "struct pci_driver *drv", "struct pci_dev *dev");
        List<String> after = List.of("const struct pci_device_id *", "struct pci_driver *drv", "struct pci_dev *dev",
                "struct pci_device_id *id_copy");
        List<TypePanel.Row> rows = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            String where = i == 0 ? "return" : "arg " + i;
            Optional<TypePanel.Cell> b = i < before.size() ? Optional.of(new TypePanel.Cell(where, "", before.get(i), "")) : Optional.empty();
            rows.add(new TypePanel.Row(b, Optional.of(new TypePanel.Cell(where, "", after.get(i), "")),
                    b.isEmpty() ? EnumSet.of(TypePanel.Mark.ADDED) : EnumSet.noneOf(TypePanel.Mark.class)));
        }
        TypePanel panel = new TypePanel("func-prototype", "pci_match_device", "baseline v1 ★", "v2", Severity.SILENT, rows, false);
        GridPane grid = laidOut(panel);
        List<String> cut = new ArrayList<>();
        for (Node n : grid.getChildren()) {
            if (n instanceof Label l && l.getStyleClass().contains(Styles.TYPE_TEXT) && l.getWidth() < l.prefWidth(-1) - 0.5) {
                cut.add(l.getText() + ": " + l.getWidth() + " of " + l.prefWidth(-1));
            }
        }
        assertEquals(List.of(), cut);
        assertTrue(grid.getWidth() <= DETAILS, "grid " + grid.getWidth());
    }

    /** 30 members, the 16th changed: two rows either side drawn, 13 and 12 unchanged ones counted. */
    @Test
    void aBigTypesUnchangedRunsAreCounted() throws Exception {
        List<TypePanel.Row> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            TypePanel.Cell c = new TypePanel.Cell("0x" + Integer.toHexString(8 * i), "8", "long unsigned int", "m" + i);
            rows.add(new TypePanel.Row(Optional.of(c), Optional.of(c),
                    i == 15 ? EnumSet.of(TypePanel.Mark.RETYPED) : EnumSet.noneOf(TypePanel.Mark.class)));
        }
        GridPane grid = laidOut(new TypePanel("var-layout", "struct t", "the baseline · 240 bytes", "v2 · 240 bytes",
                Severity.SILENT, rows, false));
        List<String> folded = grid.getChildren().stream().filter(n -> n.getStyleClass().contains(Styles.TYPE_FOLDED))
                .map(n -> ((Label) n).getText()).toList();
        assertEquals(List.of("⋯ 13 unchanged members", "⋯ 12 unchanged members"), folded);
        List<String> names = grid.getChildren().stream().filter(n -> n instanceof Label l && GridPane.getColumnIndex(n) == 3
                && l.getStyleClass().contains(Styles.TYPE_TEXT)).map(n -> ((Label) n).getText()).toList();
        assertEquals(List.of("m13", "m14", "m15", "m16", "m17"), names);
    }

    /**
     * An enum's changed constants after the members (enum cpuhp_state between Debian's 6.1.0-47 and -50, as bpftool
     * shows it: realkernels.EnumValuesTest): the title counts them apart from the members, each says what changed.
     */
    @Test
    void anEnumsConstantsAreRowsWithTheirValues() throws Exception {
        TypePanel.Cell member = new TypePanel.Cell("0x0", "4", "enum cpuhp_state", "state");
        List<TypePanel.Row> rows = List.of(new TypePanel.Row(Optional.of(member), Optional.of(member), EnumSet.noneOf(TypePanel.Mark.class)),
                new TypePanel.Row(Optional.of(new TypePanel.Cell("= 40", "", "enum cpuhp_state", "CPUHP_AP_DTPM_CPU_DEAD")),
                        Optional.of(new TypePanel.Cell("= 39", "", "enum cpuhp_state", "CPUHP_AP_DTPM_CPU_DEAD")), EnumSet.of(TypePanel.Mark.VALUE)),
                new TypePanel.Row(Optional.of(new TypePanel.Cell("= 39", "", "enum cpuhp_state", "CPUHP_PADATA_DEAD")),
                        Optional.empty(), EnumSet.of(TypePanel.Mark.REMOVED)));
        TypePanel panel = new TypePanel("var-layout", "struct cpuhp_cpu_state", "the baseline · 120 bytes", "50 · 120 bytes",
                Severity.SILENT, rows, false);
        VBox box = onFx(() -> (VBox) TypePanelView.of(panel, 0));
        assertEquals("var-layout: struct cpuhp_cpu_state — 0 of 1 members changed, 2 enum constants",
                ((Label) box.getChildren().get(0)).getText());
        GridPane grid = laidOut(panel);
        List<String> texts = grid.getChildren().stream().filter(n -> n instanceof Label).map(n -> ((Label) n).getText()).toList();
        assertTrue(texts.containsAll(List.of("= 40", "= 39", "value", "removed")), texts.toString());
    }

    private static GridPane laidOut(TypePanel panel) throws Exception {
        return onFx(() -> {
            VBox box = (VBox) TypePanelView.of(panel, 0);
            Scene scene = new Scene(new VBox(box), DETAILS, 400);
            Theme.LIGHT.apply(scene);
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            return (GridPane) box.getChildren().get(1);
        });
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, WaitForAsyncUtils.asyncFx(work));
    }
}
