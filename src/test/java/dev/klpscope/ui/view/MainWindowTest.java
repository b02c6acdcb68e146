package dev.klpscope.ui.view;

import dev.klpscope.check.Target;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.Reports;
import dev.klpscope.ui.export.Png;
import dev.klpscope.ui.action.OpenPatchCommand;
import dev.klpscope.ui.action.OpenRecentCommand;
import dev.klpscope.ui.action.StandardAction;
import dev.klpscope.ui.model.Breaking;
import dev.klpscope.ui.model.TreeRow;
import dev.klpscope.ui.theme.Theme;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window, headless (Monocle): the seed scenario, filters, search, details, drop, exports. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest extends WindowFixture {

    @Start
    void start(Stage stage) {
        startOnSeed(stage);
    }

    @BeforeEach
    void loaded() {
        settle();
        assertNotNull(vm.getInspection(), "the seed scenario opens by itself");
    }

    @Test
    void opensTheSeedScenarioWithVerdictCells() {
        assertEquals(List.of("b,0", "c,0"), shownTargetLabels());
        Set<String> verdicts = lookup(".verdict").queryAll().stream()
                .filter(n -> n instanceof TreeTableCell<?, ?> c && c.getTableColumn().getId().startsWith("candidate"))
                .map(n -> ((TreeTableCell<?, ?>) n).getText()).collect(Collectors.toSet());
        assertTrue(verdicts.containsAll(Set.of("refused", "ok")), verdicts.toString());
        TreeTableCell<?, ?> refused = lookup(".severity-refused").queryAll().stream()
                .filter(n -> n instanceof TreeTableCell<?, ?>).map(n -> (TreeTableCell<?, ?>) n).findFirst().orElseThrow();
        assertNotNull(refused.getGraphic(), "an icon next to the word");
        assertEquals("candidate0", refused.getTableColumn().getId(), "v1 refuses b");
        assertTrue(lookup("#summaryLabel").queryAs(Label.class).getText().contains("2 functions"));
        assertEquals("v1", tree().getColumns().get(4).getText());
    }

    @Test
    void thePatchFilesOwnFindingsStayAboveTheTree() {
        assertFalse(lookup("#" + PatchFindingsView.ID).query().isVisible(), "the seed patch has no findings of its own");
        interact(() -> vm.open(SAMPLES.resolve("broken/klp-reloc-offset.ko"), List.of(SAMPLES.resolve("seed/v1/foo.ko"))));
        settle();
        assertTrue(lookup("#" + PatchFindingsView.ID).query().isVisible());
        javafx.scene.layout.VBox lines = lookup("#patchFindingsLines").queryAs(javafx.scene.layout.VBox.class);
        HBox first = (HBox) lines.getChildren().get(0);
        assertEquals("crash", ((Label) first.getChildren().get(0)).getText(), "worst first");
        assertTrue(first.getChildren().get(0).getStyleClass().contains("severity-crash"));
        assertEquals("klp-reloc-offset", ((Label) first.getChildren().get(1)).getText());
        String heading = lookup("#patchFindingsHeading").queryAs(Label.class).getText();
        assertTrue(heading.contains("worst crash") && heading.contains("Linux 6.1's loader"), heading);
        // Still there with a target selected (the details pane then shows the target, not the patch).
        Target any = vm.getInspection().targets().get(0);
        interact(() -> vm.selectedProperty().set(new TreeRow.TargetRow(any)));
        assertTrue(lookup("#" + PatchFindingsView.ID).query().isVisible());
        int findings = PatchFindingsView.worstFirst(vm.getInspection()).size();
        assertEquals(Math.min(findings, PatchFindingsView.FOLDED), lines.getChildren().size());
        if (findings > PatchFindingsView.FOLDED) {
            clickOn("#patchFindingsMore");
            assertEquals(findings, lines.getChildren().size());
        }
        interact(() -> vm.open(SAMPLES.resolve("seed/seed_lp1.ko"), List.of(SAMPLES.resolve("seed/v1/foo.ko"))));
        settle();
        assertFalse(lookup("#" + PatchFindingsView.ID).query().isVisible(), "hidden again for a clean patch");
    }

    @Test
    void expandShowsRelocationSites() {
        // Under the patch row: the candidate files' row, then the object.
        assertTrue(tree().getRoot().getChildren().get(0).getValue() instanceof TreeRow.CandidatesRow);
        TreeItem<TreeRow> b = tree().getRoot().getChildren().get(1).getChildren().get(0);
        interact(() -> b.setExpanded(true));
        assertEquals(target("b").sites().size(), b.getChildren().size());
        assertTrue(b.getChildren().get(0).getValue() instanceof TreeRow.SiteRow);
        interact(() -> window.tree().expandAll(false));
        assertFalse(b.isExpanded());
    }

    @Test
    void filterAndSearchKeepParents() {
        clickOn("#onlyBreaking");
        assertEquals(List.of("b,0"), shownTargetLabels());
        clickOn("#onlyBreaking");
        clickOn("#severity-refused");
        assertEquals(List.of("c,0"), shownTargetLabels());
        clickOn("#severity-refused");
        clickOn("#searchField").write("c,0");
        assertEquals(List.of("c,0"), shownTargetLabels());
        assertTrue(tree().getRoot().getChildren().get(0).getValue() instanceof TreeRow.CandidatesRow, "always shown");
        assertTrue(tree().getRoot().getChildren().get(1).getValue() instanceof TreeRow.ObjectRow, "the object stays");
        interact(() -> lookup("#searchField").queryAs(TextField.class).clear());
        assertEquals(2, shownTargetLabels().size());
    }

    @Test
    void selectingATargetShowsDetailsSideBySide() {
        interact(() -> vm.selectedProperty().set(new TreeRow.TargetRow(target("b"))));
        assertEquals(new TreeRow.TargetRow(target("b")), tree().getSelectionModel().getSelectedItem().getValue());
        HBox cards = lookup("#detailsCards").queryAs(HBox.class);
        assertEquals(2, cards.getChildren().size());
        String text = lookup("#detailsPane .label").queryAll().stream().map(n -> ((Label) n).getText())
                .collect(Collectors.joining("\n"));
        assertTrue(text.contains("foo has no symbol 'b'"), text);
        assertTrue(text.contains("kernel: livepatch: symbol 'b' not found in symbol table"), text);
        assertTrue(text.contains("Has under this name:"), text);
        assertTrue(text.contains("FUNC"), text);
    }

    @Test
    void keyboardWalksFindingsAndCopiesTheRow() {
        clickOn("#" + TargetTreeView.ID);
        type(KeyCode.F3);
        assertEquals("b", tree().getSelectionModel().getSelectedItem().getValue().owningTarget().orElseThrow().symbol());
        press(KeyCode.SHIFT).type(KeyCode.F3).release(KeyCode.SHIFT);
        assertEquals("b", tree().getSelectionModel().getSelectedItem().getValue().owningTarget().orElseThrow().symbol());
        press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        String copied = onFx(() -> Clipboard.getSystemClipboard().getString());
        assertTrue(copied.contains("b,0") && copied.contains("refused"), copied);
        press(KeyCode.CONTROL).type(KeyCode.F).release(KeyCode.CONTROL);
        assertTrue(lookup("#searchField").query().isFocused());
    }

    @Test
    void droppedFilesReplaceThePatchAndNameWhatIsIgnored() {
        File lp1 = SAMPLES.resolve("seed/seed_lp1.ko").toFile();
        File tsv = SAMPLES.resolve("scenarios.tsv").toFile();
        interact(() -> vm.drop(List.of(lp1.toPath(), tsv.toPath())));
        settle();
        assertEquals("seed_lp1", vm.getInspection().patch().name());
        assertTrue(lookup("#problemBanner").query().isVisible());
        assertTrue(lookup("#problemText").queryAs(Label.class).getText().contains("scenarios.tsv"));
        assertEquals(2, vm.getInspection().candidates().size(), "the candidates stay");
        clickOn("#dismissProblems");
        assertFalse(lookup("#problemBanner").query().isVisible());
    }

    @Test
    void aBrokenFileShowsItsErrorAndKeepsTheResult(@TempDir Path dir) throws Exception {
        var before = vm.getInspection();
        Path junk = Files.writeString(dir.resolve("broken.ko"), "\u007fELF but not really");
        dialogs.willPick(junk).willChoose(OpenPatchCommand.Keep.KEEP);
        interact(() -> window.actions().execute(StandardAction.OPEN_PATCH));
        settle();
        assertTrue(lookup("#problemText").queryAs(Label.class).getText().contains("broken.ko"));
        assertEquals(before, vm.getInspection());
        assertEquals(2, shownTargetLabels().size());
    }

    /** The window saves the very bytes the command line writes (drawn by report.image, not by JavaFX). */
    @Test
    void reviewImageIsTheCommandLinesImage(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("review.png");
        dialogs.willPick(png);
        interact(() -> window.actions().execute(StandardAction.EXPORT_REVIEW_IMAGE));
        settle();
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(dev.klpscope.report.image.ReviewImage.png(vm.getInspection()), bytes);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() <= dev.klpscope.report.image.ReviewImage.MAX_WIDTH, "width " + image.getWidth());
        String text = String.join("\n", dev.klpscope.report.image.ReviewImage.layout(vm.getInspection()).texts());
        for (Target t : vm.getInspection().targets()) {
            assertEquals(Breaking.is(t), text.contains(t.object() + ":" + t.symbol() + "," + t.sympos() + " on "), t.label());
        }
    }

    /** Rendered as {@code check} renders it: with the gate and the settings' suppressions (ReportExportAsCliTest runs the command line). */
    @Test
    void markdownExportIsTheCommandLinesReport(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("report.md");
        dialogs.willPick(md);
        interact(() -> window.actions().execute(StandardAction.EXPORT_MARKDOWN));
        settle();
        var gate = java.util.Optional.of(vm.gateProperty().get());
        assertEquals(Reports.render(vm.getInspection(), ReportFormat.MARKDOWN, gate, vm.settings().suppressions()),
                Files.readString(md, StandardCharsets.UTF_8));
        Path json = dir.resolve("report.json");
        dialogs.willPick(json);
        interact(() -> window.actions().execute(StandardAction.EXPORT_JSON));
        settle();
        assertEquals(Reports.render(vm.getInspection(), ReportFormat.JSON, gate, vm.settings().suppressions()),
                Files.readString(json));
        assertTrue(Files.readString(json).contains("\"failOn\""), "the JSON export states the gate");
    }

    /** Copies in a temporary folder are opened, so that a broken guard overwrites a copy, never a committed sample. */
    @Test
    void exportNeverOverwritesAnInput(@TempDir Path dir) throws Exception {
        Path patch = Files.copy(SAMPLES.resolve("seed/seed_lp1.ko"), dir.resolve("seed_lp1.ko"));
        Path candidate = Files.createDirectory(dir.resolve("v1"));
        candidate = Files.copy(SAMPLES.resolve("seed/v1/foo.ko"), candidate.resolve("foo.ko"));
        Path opened = candidate;
        interact(() -> vm.open(patch, List.of(opened)));
        settle();
        for (Path input : List.of(patch, candidate)) {
            byte[] before = Files.readAllBytes(input);
            dialogs.willPick(input);
            interact(() -> window.actions().execute(StandardAction.EXPORT_MARKDOWN));
            settle();
            assertArrayEquals(before, Files.readAllBytes(input), input.toString());
            String problem = lookup("#problemText").queryAs(Label.class).getText();
            assertTrue(problem.contains(input + ": is one of the loaded inputs"), problem);
        }
    }

    @Test
    void candidatesCanBeReorderedFromTheInputsPane() {
        interact(() -> lookup("#candidatesTable").queryAs(javafx.scene.control.TableView.class).getSelectionModel().select(1));
        clickOn("#moveCandidateLeftButton");
        settle();
        assertEquals("v2 ★", tree().getColumns().get(4).getText(), "v2 is the baseline");
        clickOn("#makeBaselineButton");
        settle();
        assertTrue(vm.getInspection().candidates().get(0).baseline());
        // The same actions by key and by registry: Alt+Right moves v2 (still selected) back to the right.
        assertEquals(SAMPLES.resolve("seed/v2/foo.ko").toString(), vm.selectedCandidateProperty().get());
        press(KeyCode.ALT).type(KeyCode.RIGHT).release(KeyCode.ALT);
        settle();
        assertTrue(vm.getInspection().candidates().get(1).path().endsWith("v2/foo.ko"), "v2 moved right");
        interact(() -> window.actions().execute(StandardAction.REMOVE_CANDIDATE));
        settle();
        assertEquals(1, vm.getInspection().candidates().size());
        assertNull(vm.selectedCandidateProperty().get(), "the removed candidate is no longer selected");
        assertTrue(lookup("#removeCandidateButton").query().isDisabled(), "nothing to remove");
    }

    @Test
    void copyReviewImageToTheClipboard() {
        var review = onFx(window::reviewImage);
        interact(() -> window.actions().execute(StandardAction.COPY_REVIEW_IMAGE));
        var copied = onFx(() -> Clipboard.getSystemClipboard().getImage());
        assertNotNull(copied, "the clipboard holds an image");
        assertEquals(review.getWidth(), copied.getWidth());
        assertEquals(review.getHeight(), copied.getHeight());
    }

    /**
     * Opening a recent livepatch replaces the current files with it and the candidates it was last open with; a
     * recent module is added as one more candidate.
     */
    @Test
    void recentLivepatchReplacesTheCurrentFiles() {
        var prefs = java.util.prefs.Preferences.userRoot().node("/dev/klpscope/ui-test/recent-window");
        try {
            var recent = new dev.klpscope.ui.model.RecentFiles(prefs);
            recent.addPatch(SAMPLES.resolve("sympos/sympos_lp.ko"),
                    List.of(SAMPLES.resolve("sympos/v1/foo.ko"), SAMPLES.resolve("sympos/v2/foo.ko")));
            interact(() -> new OpenRecentCommand(vm, recent.entries().get(0)).execute());
            settle();
            assertEquals("sympos_lp", vm.getInspection().patch().name());
            assertEquals(2, vm.getInspection().candidates().size(), "the seed's candidates are gone");
            assertTrue(vm.getInspection().candidates().get(0).path().endsWith("v1/foo.ko"));
            recent.add(SAMPLES.resolve("sympos/v3/foo.ko"));
            interact(() -> new OpenRecentCommand(vm, recent.entries().get(0)).execute());
            settle();
            assertEquals(3, vm.getInspection().candidates().size(), "a module is added");
        } finally {
            try {
                prefs.removeNode();
            } catch (java.util.prefs.BackingStoreException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void darkThemeAndViewImage() {
        interact(() -> window.setTheme(Theme.DARK));
        assertTrue(window.root().getStyleClass().contains(Theme.DARK_CLASS));
        var image = onFx(window::viewImage);
        assertTrue(image.getWidth() >= 1000);
        assertTrue(Png.encode(image).length > 1000);
        interact(() -> window.setTheme(Theme.LIGHT));
    }
}
