package dev.klpscope.ui.view;

import dev.klpscope.ui.model.TreeRow;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window after the fresh-eyes review of issue 13, headless (Monocle): a candidate's own verdict in the tree, whole
 * column titles, F3 stopping at the patch row.
 */
@ExtendWith(ApplicationExtension.class)
class ReviewFixesWindowTest extends WindowFixture {

    @TempDir
    Path temp;

    @Start
    void start(Stage stage) {
        startOnSeed(stage);
    }

    @BeforeEach
    void loaded() {
        seedLoaded();
    }

    private void open(Path patch, List<Path> candidates) {
        interact(() -> vm.open(patch, candidates));
        settle();
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
    }

    private void open(String patch, String... candidates) {
        open(SAMPLES.resolve(patch), Arrays.stream(candidates).map(SAMPLES::resolve).toList());
    }

    /** The text a verdict cell of {@code row} shows in candidate column {@code n}. */
    private String cell(TreeRow row, int n) {
        return lookup(".tree-table-cell").queryAll().stream().map(c -> (TreeTableCell<?, ?>) c)
                .filter(c -> c.getTableColumn() != null && ("candidate" + n).equals(c.getTableColumn().getId()))
                .filter(c -> c.getTableRow() != null && row.equals(c.getTableRow().getItem()))
                .map(TreeTableCell::getText).findFirst().orElseThrow(() -> new AssertionError("no cell " + n + " of " + row));
    }

    /**
     * sympos v1 and v3 tie for the baseline and disagree about helper,2: the command line says silent for both. Every
     * target is ok against v3 (the chosen baseline); the candidates row and the object row say silent in its column.
     */
    @Test
    void anAmbiguousBaselineIsNotAnAllGreenColumn() {
        open("sympos/sympos_lp.ko", "sympos/v1/foo.ko", "sympos/v3/foo.ko");
        TreeRow candidates = tree().getRoot().getChildren().get(0).getValue();
        TreeRow object = tree().getRoot().getChildren().get(1).getValue();
        assertTrue(candidates instanceof TreeRow.CandidatesRow, String.valueOf(candidates));
        for (int n = 0; n < 2; n++) {
            assertEquals("silent", cell(candidates, n), "candidates row, column " + n);
            assertEquals("silent", cell(object, n), "object row, column " + n);
        }
    }

    /**
     * Two copies of seed's v1 and v2 foo.ko under 16-character folder names (the longest label a column gets): each
     * column's title is shown whole, the baseline's ★ included, not cut to "WWWWW...".
     */
    @Test
    void candidateColumnTitlesAreNeverCut() throws IOException {
        List<Path> candidates = new ArrayList<>();
        for (String[] copy : List.of(new String[]{"WWWWWWWWWWWWWWW1", "seed/v1/foo.ko"},
                new String[]{"MMMMMMMMMMMMMMM2", "seed/v2/foo.ko"})) {
            Path dir = Files.createDirectories(temp.resolve(copy[0]));
            candidates.add(Files.copy(SAMPLES.resolve(copy[1]), dir.resolve("foo.ko")));
        }
        open(SAMPLES.resolve("seed/seed_lp2.ko"), candidates);
        boolean starred = false;
        for (int n = 0; n < 2; n++) {
            TreeTableColumn<TreeRow, ?> column = tree().getColumns().get(4 + n);
            Label header = (Label) column.getGraphic();
            assertTrue(header.getText().startsWith(n == 0 ? "WWWWWWWWWWWWWWW1" : "MMMMMMMMMMMMMMM2"), header.getText());
            starred |= header.getText().endsWith("★");
            String shown = ((Text) header.lookup(".text")).getText();
            assertEquals(header.getText(), shown, "column " + n + " shows its whole title");
        }
        assertTrue(starred, "one of them is the baseline");
    }

    /**
     * broken/klp-reloc-offset.ko oopsed the recorded kernel (broken/kernel-behaviour.tsv) while its targets resolve:
     * F3 pressed in the tree stops at the patch row.
     */
    @Test
    void f3StopsAtACrashingPatchRow() {
        open("broken/klp-reloc-offset.ko", "seed/v2/foo.ko");
        interact(() -> vm.selectedProperty().set(null));
        interact(() -> tree().requestFocus());
        type(KeyCode.F3);
        assertTrue(vm.selectedProperty().get() instanceof TreeRow.PatchRow, String.valueOf(vm.selectedProperty().get()));
        assertEquals(tree().getRoot(), tree().getSelectionModel().getSelectedItem());
    }

    /**
     * At 1024×720 with sympos v1–v4 and helper selected (v2 refused, v3 silent against the baseline v1): the refused
     * card comes first and is wholly inside the details pane, no sideways scrolling needed.
     */
    @Test
    void theWorstCardIsOnScreenAt1024By720() {
        interact(() -> {
            stage.setWidth(1024);
            stage.setHeight(720);
        });
        open("sympos/sympos_lp.ko", "sympos/v1/foo.ko", "sympos/v2/foo.ko", "sympos/v3/foo.ko", "sympos/v4/foo.ko");
        interact(() -> vm.makeBaseline(SAMPLES.resolve("sympos/v1/foo.ko").toString()));
        settle();
        interact(() -> vm.selectedProperty().set(new TreeRow.TargetRow(target("helper"))));
        HBox cards = lookup("#detailsCards").queryAs(HBox.class);
        VBox first = (VBox) cards.getChildren().get(0);
        assertEquals("refused", ((Label) first.lookup("#cardVerdict")).getText());
        Node pane = lookup("#" + DetailsView.ID).query();
        Bounds view = pane.localToScene(pane.getBoundsInLocal());
        Bounds card = first.localToScene(first.getBoundsInLocal());
        assertTrue(card.getMinX() >= view.getMinX() && card.getMaxX() <= view.getMaxX(),
                "card " + card + " in " + view);
    }

    /** A search that hides the selected target: the details follow the first match (the tree selects it too). */
    @Test
    void detailsFollowASearchThatHidesTheSelection() {
        open("sympos/sympos_lp.ko", "sympos/v1/foo.ko", "sympos/v3/foo.ko");
        interact(() -> vm.selectedProperty().set(new TreeRow.TargetRow(target("solo"))));
        clickOn("#" + SearchField.ID).write("helper,2");
        assertEquals("helper", tree().getSelectionModel().getSelectedItem().getValue().owningTarget().orElseThrow().symbol());
        String title = lookup("#detailsTitle").queryAs(Label.class).getText();
        assertTrue(title.contains("helper") && !title.contains("solo"), title);
    }

    /**
     * The user guide's screenshots keep every colour: 300 common colours and a rare one (a small icon's), which a
     * 256-colour palette replaced by its nearest common neighbour.
     */
    @Test
    void screenshotsKeepRareColoursExactly() throws IOException {
        int rare = 0xffe08a00;
        Path file = temp.resolve("colours.png");
        WritableImage image = onFx(() -> {
            WritableImage w = new WritableImage(300, 40);
            for (int x = 0; x < 300; x++) {
                for (int y = 0; y < 40; y++) {
                    w.getPixelWriter().setArgb(x, y, y < 2 && x < 10 ? rare : 0xff000000 | x * 0x010203);
                }
            }
            return w;
        });
        DocsScreenshots.write(file, image);
        BufferedImage read = ImageIO.read(file.toFile());
        assertEquals(rare, read.getRGB(3, 1));
        assertEquals(0xff000000 | 299 * 0x010203, read.getRGB(299, 39));
    }
}
