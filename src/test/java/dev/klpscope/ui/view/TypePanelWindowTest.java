package dev.klpscope.ui.view;

import dev.klpscope.ui.model.TreeRow;
import dev.klpscope.ui.theme.Styles;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The details' type panel in the real window at 1024×720, on the varlayout sample (samples/src/varlayout: v2 swaps
 * {@code hits} and {@code misses}) with the 6.12 vmlinux as the BTF base: selecting foo_stats shows v2's panel with
 * both members marked moved, in the silent colour, the grid within the details' width.
 */
@ExtendWith(ApplicationExtension.class)
class TypePanelWindowTest extends WindowFixture {

    static final Path VMLINUX = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"), "vmlinux-6.12.95+deb12-amd64");

    @Start
    void start(Stage stage) {
        startOnSeed(stage);
    }

    @BeforeEach
    void loaded() {
        seedLoaded();
    }

    @Test
    void theSwappedMembersAreMarkedInTheDetails() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        Path dir = SAMPLES.resolve("kernels/6.12/varlayout");
        interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(720);
            vm.btfBaseProperty().set(VMLINUX);
            vm.open(dir.resolve("varlayout_lp.ko"), List.of(dir.resolve("v1/foo.ko"), dir.resolve("v2/foo.ko")));
        });
        // the BTF base is a 350 MB vmlinux: give it longer than settle() does on a busy machine
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !jobs.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        interact(() -> vm.makeBaseline(dir.resolve("v1/foo.ko").toString()));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !jobs.runningProperty().get());
        interact(() -> vm.selectedProperty().set(new TreeRow.TargetRow(target("foo_stats"))));
        WaitForAsyncUtils.waitForFxEvents();

        VBox panel = lookup("#typePanels #" + TypePanelView.ID_PREFIX + "0").queryAs(VBox.class);
        assertTrue(lookup("#typePanels #" + TypePanelView.ID_PREFIX + "1").tryQuery().isEmpty(), "one panel: v2's");
        assertEquals("v2 · 16 bytes", ((Label) panel.lookup("#typeCandidateHeader")).getText());
        GridPane grid = (GridPane) panel.getChildren().get(1);
        List<Label> marks = labels(grid, Styles.TYPE_MARK);
        assertEquals(List.of("moved", "moved"), marks.stream().map(Label::getText).toList());
        List<String> changedNames = labels(grid, Styles.TYPE_TEXT).stream()
                .filter(l -> l.getStyleClass().contains(Styles.TYPE_CHANGED)).map(Label::getText)
                .filter(t -> t.equals("hits") || t.equals("misses")).toList();
        assertEquals(List.of("hits", "hits", "misses", "misses"), changedNames, "each name on both sides, marked");
        // in the colour of the finding's severity, as the silent badge of v2's card
        Label badge = lookup("#details-" + dir.resolve("v2/foo.ko").toString().hashCode() + " #cardVerdict").queryAs(Label.class);
        assertEquals("silent", badge.getText());
        // the card keeps the two moves in its text (short enough) and points at the panel
        List<String> cardTexts = lookup("#details-" + dir.resolve("v2/foo.ko").toString().hashCode() + " .label")
                .queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertTrue(cardTexts.stream().anyMatch(t -> t.endsWith("`misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8")), cardTexts.toString());
        assertTrue(cardTexts.contains("Reference and candidate side by side: the type panel below the cards."), cardTexts.toString());
        Color silent = (Color) badge.getTextFill();
        for (Label m : marks) {
            assertEquals(silent, m.getTextFill(), "mark in the silent colour");
        }
        Label header = labels(grid, Styles.MUTED).get(0);
        assertNotEquals(silent, header.getTextFill());
        // readable at 1024×720: the grid fits the details' width, nothing cut sideways
        ScrollPane details = lookup("#" + DetailsView.ID).queryAs(ScrollPane.class);
        Bounds view = details.localToScene(details.getLayoutBounds());
        Bounds g = grid.localToScene(grid.getLayoutBounds());
        assertTrue(g.getMaxX() <= view.getMaxX(), "the grid ends at " + g.getMaxX() + ", the details at " + view.getMaxX());
        for (Node n : grid.getChildren()) {
            if (n instanceof Label l && !l.getText().isEmpty() && l.getStyleClass().contains(Styles.TYPE_TEXT)) {
                assertTrue(l.getWidth() >= Math.min(l.prefWidth(-1), l.getMaxWidth()) - 0.5, l.getText() + " squeezed");
            }
        }
    }

    private static List<Label> labels(GridPane grid, String style) {
        return grid.getChildren().stream().filter(n -> n instanceof Label && n.getStyleClass().contains(style))
                .map(n -> (Label) n).toList();
    }
}
