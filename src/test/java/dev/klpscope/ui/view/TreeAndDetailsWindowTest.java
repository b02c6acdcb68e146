package dev.klpscope.ui.view;

import dev.klpscope.check.Severity;
import dev.klpscope.ui.model.TreeRow;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tree and the details, headless (Monocle): the patch file's own row, candidate headers, findings worst first
 * with a verdict badge, filter toggles on/off with "showing N of M", rows and selection after adding candidates,
 * and a 1024×720 window.
 */
@ExtendWith(ApplicationExtension.class)
class TreeAndDetailsWindowTest extends WindowFixture {

    @Start
    void start(Stage stage) {
        startOnSeed(stage);
    }

    @BeforeEach
    void loaded() {
        seedLoaded();
    }

    private void open(String patch, String... candidates) {
        List<Path> paths = java.util.Arrays.stream(candidates).map(SAMPLES::resolve).toList();
        interact(() -> vm.open(SAMPLES.resolve(patch), paths));
        settle();
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
    }

    /** The verdict cells shown in the tree row of {@code row}, by candidate column id. */
    private List<TreeTableCell<?, ?>> verdictCells(TreeRow row) {
        return lookup(".tree-table-cell").queryAll().stream().map(n -> (TreeTableCell<?, ?>) n)
                .filter(c -> c.getTableColumn() != null && c.getTableColumn().getId().startsWith("candidate"))
                .filter(c -> c.getTableRow() != null && row.equals(c.getTableRow().getItem()))
                .sorted(java.util.Comparator.comparing(c -> c.getTableColumn().getId())).collect(Collectors.toList());
    }

    /**
     * broken/klp-reloc-offset.ko oopses the kernel while loading (broken/kernel-behaviour.tsv): the row of the patch
     * file, at the top of the tree, says crash in every candidate column although no target does.
     */
    @Test
    void aCrashingPatchShowsCrashInItsRowAtTheTop() {
        open("broken/klp-reloc-offset.ko", "seed/v1/foo.ko", "seed/v2/foo.ko");
        assertTrue(tree().isShowRoot());
        TreeRow top = tree().getRoot().getValue();
        assertTrue(top instanceof TreeRow.PatchRow, String.valueOf(top));
        assertEquals(0, tree().getRow(tree().getRoot()), "the first row");
        List<TreeTableCell<?, ?>> cells = verdictCells(top);
        assertEquals(2, cells.size());
        for (TreeTableCell<?, ?> c : cells) {
            assertEquals("crash", c.getText());
            assertTrue(c.getStyleClass().contains("severity-crash"), c.getStyleClass().toString());
        }
        assertTrue(vm.getInspection().targets().stream().allMatch(t -> t.worst() != Severity.CRASH),
                "no target says crash: only the patch row does");
        interact(() -> vm.selectedProperty().set(top));
        String details = lookup("#detailsPane .label").queryAll().stream().map(n -> ((Label) n).getText())
                .collect(Collectors.joining("\n"));
        assertTrue(details.contains("klp-reloc-offset"), "selecting the patch row shows the patch's findings");
    }

    /** A candidate's column is titled by what differs in its path, ★ on the baseline, the full path in a tooltip. */
    @Test
    void candidateHeadersAreShortWithTheBaselineStarredAndThePathInATooltip() {
        open("sympos/sympos_lp.ko", "sympos/v1/foo.ko", "sympos/v3/foo.ko");
        interact(() -> vm.makeBaseline(SAMPLES.resolve("sympos/v1/foo.ko").toString()));
        settle();
        List<TreeTableColumn<TreeRow, ?>> columns = tree().getColumns();
        assertEquals("v1 ★", columns.get(4).getText());
        assertEquals("v3", columns.get(5).getText());
        Label header = (Label) columns.get(4).getGraphic();
        assertTrue(header.getTooltip().getText().startsWith(SAMPLES.resolve("sympos/v1/foo.ko").toString()),
                header.getTooltip().getText());
        assertTrue(header.getTooltip().getText().contains("baseline"), header.getTooltip().getText());
        assertEquals(List.of("v1", "v3"), lookup("#candidatesTable .table-cell").queryAll().stream()
                .map(n -> (javafx.scene.control.TableCell<?, ?>) n)
                .filter(c -> "column-candidate".equals(c.getTableColumn().getId()) && c.getText() != null)
                // in row order: the lookup gives cells in scene-graph order, which the table's cell reuse shuffles
                .sorted(java.util.Comparator.comparingInt(javafx.scene.control.TableCell::getIndex))
                .map(c -> c.getText()).toList());
    }

    /**
     * sympos v3 against v1 (the baseline): helper,2 binds gamma's copy (silent) though it resolves (ok): the card
     * says silent in its header and lists the silent finding before the ok one.
     */
    @Test
    void detailCardsListFindingsWorstFirstUnderAVerdictBadge() {
        open("sympos/sympos_lp.ko", "sympos/v1/foo.ko", "sympos/v3/foo.ko");
        interact(() -> vm.makeBaseline(SAMPLES.resolve("sympos/v1/foo.ko").toString()));
        settle();
        interact(() -> vm.selectedProperty().set(new TreeRow.TargetRow(target("helper"))));
        String v3 = SAMPLES.resolve("sympos/v3/foo.ko").toString();
        VBox card = lookup("#details-" + v3.hashCode()).queryAs(VBox.class);
        Label badge = (Label) ((HBox) card.getChildren().get(0)).lookup("#cardVerdict");
        assertEquals("silent", badge.getText());
        List<Severity> order = new ArrayList<>();
        for (Node n : card.getChildren()) {
            if (n.getStyleClass().contains("klp-finding")) {
                order.add(Severity.fromWord(((Label) ((HBox) ((VBox) n).getChildren().get(0)).getChildren().get(0)).getText()));
            }
        }
        assertTrue(order.size() >= 2 && order.contains(Severity.OK), order.toString());
        assertEquals(Severity.SILENT, order.get(0));
        assertEquals(order.stream().sorted().toList(), order, "worst first");
        Label baselineHeader = (Label) lookup("#details-" + SAMPLES.resolve("sympos/v1/foo.ko").toString().hashCode())
                .queryAs(VBox.class).lookup("#cardHeader");
        assertEquals("v1 ★", baselineHeader.getText());
    }

    /** An "on" toggle is filled with the accent colour and a full icon; an "off" one is plain, its icon faded. */
    @Test
    void filterTogglesReadAsOnAndOffAndTheTreeSaysHowManyItShows() {
        ToggleButton ok = lookup("#severity-ok").queryAs(ToggleButton.class);
        ToggleButton refused = lookup("#severity-refused").queryAs(ToggleButton.class);
        assertFalse(lookup("#filterNote").query().isVisible(), "nothing filtered: no note");
        clickOn(ok);
        assertFalse(ok.isSelected());
        Color on = fill(refused);
        Color off = fill(ok);
        assertTrue(on.getOpacity() > 0 && !on.equals(Color.TRANSPARENT), "on is filled: " + on);
        assertTrue(off.getOpacity() == 0, "off is plain: " + off);
        assertTrue(((ImageView) ok.getGraphic()).getOpacity() < ((ImageView) refused.getGraphic()).getOpacity());
        assertNotEquals(ok.getTextFill(), refused.getTextFill());
        // seed_lp2 against v1 and v2: b is refused by v1, c is ok everywhere
        assertTrue(lookup("#filterNote").query().isVisible());
        assertEquals("Showing 1 of 2 targets (filtered)", lookup("#filterNoteText").queryAs(Label.class).getText());
        clickOn("#filterNoteShowAll");
        assertTrue(ok.isSelected());
        assertFalse(lookup("#filterNote").query().isVisible());
    }

    private static Color fill(ToggleButton b) {
        return b.getBackground() == null || b.getBackground().getFills().isEmpty() ? Color.TRANSPARENT
                : (Color) b.getBackground().getFills().get(0).getFill();
    }

    /** Adding a candidate re-inspects: the selected target stays selected and every row keeps one height. */
    @Test
    void rowsStayAlignedAndTheSelectionIsKeptWhenCandidatesAreAdded() {
        open("seed/seed_lp2.ko", "seed/v1/foo.ko");
        interact(() -> vm.selectedProperty().set(new TreeRow.TargetRow(target("b"))));
        interact(() -> vm.addCandidates(List.of(SAMPLES.resolve("seed/v2/foo.ko"))));
        settle();
        assertEquals(2, vm.getInspection().candidates().size());
        assertEquals("b", tree().getSelectionModel().getSelectedItem().getValue().owningTarget().orElseThrow().symbol());
        interact(() -> tree().getSelectionModel().getSelectedItem().setExpanded(true)); // site rows have no icon
        List<TreeTableRow<?>> rows = lookup(".tree-table-row-cell").queryAll().stream()
                .<TreeTableRow<?>>map(n -> (TreeTableRow<?>) n).filter(r -> r.getItem() != null && r.isVisible()).toList();
        assertTrue(rows.size() >= 5, "patch, object, b, its sites and c: " + rows.size());
        assertTrue(rows.stream().anyMatch(r -> r.getItem() instanceof TreeRow.SiteRow), "a site row is shown");
        double height = rows.get(0).getHeight();
        for (TreeTableRow<?> r : rows) {
            assertEquals(height, r.getHeight(), 0.01, "row " + r.getItem());
            for (Node cell : r.getChildrenUnmodifiable()) {
                if (cell instanceof TreeTableCell<?, ?> c && c.isVisible()) {
                    assertEquals(r.getHeight(), c.getHeight(), 0.01, "cell of " + c.getTableColumn().getId());
                    assertEquals(0, c.getLayoutY(), 0.01, "cell of " + c.getTableColumn().getId());
                    assertEquals(headerX(c.getTableColumn().getId()), c.localToScene(c.getBoundsInLocal()).getMinX(), 0.5,
                            "cell of " + c.getTableColumn().getId() + " under its header");
                }
            }
        }
    }

    private double headerX(String columnId) {
        Node header = lookup(".column-header").queryAll().stream()
                .filter(h -> h instanceof javafx.scene.control.skin.TableColumnHeader t && t.getTableColumn() != null
                        && columnId.equals(t.getTableColumn().getId()))
                .findFirst().orElseThrow(() -> new AssertionError("no header for " + columnId));
        return header.localToScene(header.getBoundsInLocal()).getMinX();
    }

    /**
     * At 1024×720 with four candidates (sympos v1–v4): every filter toggle is on screen (none in the tool bar's
     * overflow menu) and every verdict column is visible without scrolling sideways.
     */
    @Test
    void theWindowWorksAt1024By720() {
        interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(720);
        });
        open("sympos/sympos_lp.ko", "sympos/v1/foo.ko", "sympos/v2/foo.ko", "sympos/v3/foo.ko", "sympos/v4/foo.ko");
        double width = stage.getScene().getWidth();
        assertEquals(1024, stage.getWidth(), 0.5);
        for (Severity s : Severity.values()) {
            ToggleButton b = lookup("#severity-" + s.word()).queryAs(ToggleButton.class);
            assertTrue(b.getScene() != null && b.isVisible() && visibleUpTo(b), s.word() + " toggle hidden");
            Bounds on = b.localToScene(b.getBoundsInLocal());
            assertTrue(on.getMaxX() <= width, s.word() + " toggle ends at " + on.getMaxX() + " of " + width);
        }
        double treeRight = tree().localToScene(tree().getBoundsInLocal()).getMaxX();
        for (int n = 0; n < 4; n++) {
            String id = "candidate" + n;
            Node header = lookup(".column-header").queryAll().stream()
                    .filter(h -> h instanceof javafx.scene.control.skin.TableColumnHeader t && t.getTableColumn() != null
                            && id.equals(t.getTableColumn().getId()))
                    .findFirst().orElseThrow(() -> new AssertionError("no header for " + id));
            Bounds b = header.localToScene(header.getBoundsInLocal());
            assertTrue(b.getMaxX() <= treeRight, id + " ends at " + b.getMaxX() + ", the tree at " + treeRight);
        }
    }

    /** Visible itself and through every parent (the tool bar's overflow hides items by their parents too). */
    private static boolean visibleUpTo(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
