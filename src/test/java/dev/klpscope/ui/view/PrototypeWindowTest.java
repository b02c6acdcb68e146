package dev.klpscope.ui.view;

import dev.klpscope.ui.model.TreeRow;
import dev.klpscope.ui.theme.Styles;
import javafx.scene.control.Label;
import javafx.scene.control.TreeTableCell;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code func-prototype} in the real window (headless, Monocle), on the proto sample built for 6.12 with its
 * vmlinux as the BTF base (samples/README.md "proto", recorded on 6.12: PrototypeSampleTest): the function's row
 * says silent in v2's column and ok in the baseline's, and selecting it shows the finding on v2's card and both
 * prototypes side by side in the type panel, part by part.
 */
@ExtendWith(ApplicationExtension.class)
class PrototypeWindowTest extends WindowFixture {

    static final Path DIR = SAMPLES.resolve("kernels/6.12/proto");

    @Start
    void start(Stage stage) {
        startOnSeed(stage);
    }

    @BeforeEach
    void loaded() {
        seedLoaded();
    }

    private void open(String patch) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(TypePanelWindowTest.VMLINUX), "no 6.12 vmlinux in the cache");
        interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(720);
            vm.btfBaseProperty().set(TypePanelWindowTest.VMLINUX);
            vm.open(DIR.resolve(patch), List.of(DIR.resolve("v1/foo.ko"), DIR.resolve("v2/foo.ko")));
        });
        // the BTF base is a 350 MB vmlinux: longer than settle() on a busy machine
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !jobs.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        interact(() -> vm.makeBaseline(DIR.resolve("v1/foo.ko").toString()));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !jobs.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The texts of the verdict cells in the tree row of {@code row}, v1's column first. */
    private List<String> verdicts(TreeRow row) {
        return lookup(".tree-table-cell").queryAll().stream().map(n -> (TreeTableCell<?, ?>) n)
                .filter(c -> c.getTableColumn() != null && c.getTableColumn().getId().startsWith("candidate"))
                .filter(c -> c.getTableRow() != null && row.equals(c.getTableRow().getItem()))
                .sorted(Comparator.comparing(c -> c.getTableColumn().getId())).map(TreeTableCell::getText).toList();
    }

    private List<String> cardTexts(String candidate) {
        return lookup("#details-" + DIR.resolve(candidate).toString().hashCode() + " .label").queryAllAs(Label.class)
                .stream().map(Label::getText).toList();
    }

    private static List<String> texts(GridPane grid, int column) {
        return grid.getChildren().stream().filter(n -> n instanceof Label && GridPane.getColumnIndex(n) == column
                        && GridPane.getRowIndex(n) >= 2)
                .sorted(Comparator.comparing(GridPane::getRowIndex)).map(n -> ((Label) n).getText()).toList();
    }

    @Test
    void theReplacedFunctionsPrototypesAreShownSideBySide() throws Exception {
        open("proto_repl_lp.ko");
        TreeRow ratio = new TreeRow.TargetRow(target("ratio"));
        interact(() -> vm.selectedProperty().set(ratio));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("ok", "silent"), verdicts(ratio), "ratio's row: v1 ★, v2; rows shown: "
                + lookup(".tree-table-row-cell").queryAll().stream().map(n -> String.valueOf(((javafx.scene.control.TreeTableRow<?>) n).getItem())).toList());

        assertTrue(cardTexts("v2/foo.ko").stream().anyMatch(t -> t.contains("func-prototype"))
                && cardTexts("v2/foo.ko").stream().anyMatch(t -> t.endsWith(
                "int (int num, int den) there, long int (long int den, long int num) here")), cardTexts("v2/foo.ko").toString());
        VBox panel = lookup("#typePanels #" + TypePanelView.ID_PREFIX + "0").queryAs(VBox.class);
        assertTrue(lookup("#typePanels #" + TypePanelView.ID_PREFIX + "1").tryQuery().isEmpty(), "one panel: v2's");
        assertEquals("func-prototype: ratio — 3 of 3 parts changed", ((Label) panel.getChildren().get(0)).getText());
        assertEquals("v2", ((Label) panel.lookup("#typeCandidateHeader")).getText());
        GridPane grid = (GridPane) panel.getChildren().get(1);
        assertEquals(List.of("return", "arg 1", "arg 2"), texts(grid, 0));
        assertEquals(List.of("int", "int num", "int den"), texts(grid, 2));
        assertEquals(List.of("long int", "long int den", "long int num"), texts(grid, 7));
        List<Label> marks = grid.getChildren().stream().filter(n -> n.getStyleClass().contains(Styles.TYPE_MARK))
                .map(n -> (Label) n).toList();
        assertEquals(List.of("retyped", "retyped", "retyped"), marks.stream().map(Label::getText).toList());
        assertTrue(marks.stream().allMatch(m -> m.getStyleClass().contains(Styles.severity(dev.klpscope.check.Severity.SILENT))),
                "marked in the silent colour");
    }

    @Test
    void theCalledFunctionsLostParameterIsShown() throws Exception {
        open("proto_call_lp.ko");
        TreeRow scale = new TreeRow.TargetRow(target("scale"));
        assertEquals(List.of("ok", "silent"), verdicts(scale), "scale's row: v1 ★, v2");
        interact(() -> vm.selectedProperty().set(scale));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(cardTexts("v2/foo.ko").stream().anyMatch(t -> t.endsWith("int (int base, int x) there, int (int x) here")),
                cardTexts("v2/foo.ko").toString());
        VBox panel = lookup("#typePanels #" + TypePanelView.ID_PREFIX + "0").queryAs(VBox.class);
        GridPane grid = (GridPane) panel.getChildren().get(1);
        assertEquals(List.of("int", "int base", "int x"), texts(grid, 2));
        assertEquals(List.of("int", "int x", ""), texts(grid, 7));
    }
}
