package dev.klpscope.ui.view;

import dev.klpscope.check.Severity;
import dev.klpscope.check.TargetKind;
import dev.klpscope.ui.action.OpenPatchCommand;
import dev.klpscope.ui.model.TreeRow;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shortcut pressed as keys (TestFX robot, headless) with the focus in each of the places that used to
 * swallow them: the target tree, the search field and a filter toggle. The seed scenario has one finding, target b
 * (refused by foo v1), and one clean target, c.
 */
@ExtendWith(ApplicationExtension.class)
class KeyboardShortcutsTest extends WindowFixture {

    /** Where the focus is when a key is pressed. */
    static final List<String> PLACES = List.of("#" + TargetTreeView.ID, "#" + SearchField.ID, "#filter-function");

    @Start
    void start(Stage stage) {
        startOnSeed(stage);
    }

    @BeforeEach
    void loaded() {
        seedLoaded();
    }

    private void focus(String place) {
        Node node = lookup(place).query();
        interact(node::requestFocus);
        assertTrue(node.isFocused(), place + " has the focus");
    }

    private void pressWith(KeyCode modifier, KeyCode key) {
        press(modifier).type(key).release(modifier);
    }

    @Test
    void escapeShowsAllTargets() {
        for (String place : PLACES) {
            interact(() -> {
                vm.onlyBreakingProperty().set(true);
                vm.kindProperty(TargetKind.VARIABLE).set(false);
                vm.severityProperty(Severity.OK).set(false);
                vm.searchProperty().set("b");
            });
            assertEquals(List.of("b,0"), shownTargetLabels(), "filtered before Escape");
            focus(place);
            type(KeyCode.ESCAPE);
            assertEquals(List.of("b,0", "c,0"), shownTargetLabels(), "Escape from " + place);
            assertEquals("", vm.searchProperty().get());
            assertFalse(vm.onlyBreakingProperty().get());
            assertTrue(vm.kindProperty(TargetKind.VARIABLE).get() && vm.severityProperty(Severity.OK).get());
            assertTrue(tree().isFocused(), "the tree has the focus after Escape from " + place);
        }
    }

    /** The shortcuts run before the focused control sees the key: one that consumes every key cannot stop them. */
    @Test
    void aControlThatConsumesEveryKeyCannotSwallowAShortcut() {
        interact(() -> {
            tree().addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, javafx.event.Event::consume);
            vm.searchProperty().set("b");
        });
        focus("#" + TargetTreeView.ID);
        type(KeyCode.ESCAPE);
        assertEquals("", vm.searchProperty().get());
        type(KeyCode.F3);
        assertEquals(new TreeRow.TargetRow(target("b")), vm.selectedProperty().get());
    }

    @Test
    void f3AndShiftF3SelectTheFinding() {
        for (String place : PLACES) {
            interact(() -> vm.selectedProperty().set(new TreeRow.TargetRow(target("c"))));
            focus(place);
            type(KeyCode.F3);
            assertEquals(new TreeRow.TargetRow(target("b")), vm.selectedProperty().get(), "F3 from " + place);
            interact(() -> vm.selectedProperty().set(new TreeRow.TargetRow(target("c"))));
            focus(place);
            pressWith(KeyCode.SHIFT, KeyCode.F3);
            assertEquals(new TreeRow.TargetRow(target("b")), vm.selectedProperty().get(), "Shift+F3 from " + place);
        }
    }

    @Test
    void ctrlFFocusesTheSearchWithItsTextSelected() {
        TextField search = lookup("#" + SearchField.ID).queryAs(TextField.class);
        for (String place : PLACES) {
            interact(() -> {
                vm.searchProperty().set("c,0");
                search.deselect();
            });
            focus(place);
            pressWith(KeyCode.CONTROL, KeyCode.F);
            assertTrue(search.isFocused(), "Ctrl+F from " + place);
            assertEquals("c,0", search.getSelectedText(), "Ctrl+F from " + place);
        }
    }

    @Test
    void ctrlOAsksWhetherToKeepTheCandidates() {
        List<String> patches = List.of("seed_lp1", "seed_lp2", "seed_lp1");
        for (int n = 0; n < PLACES.size(); n++) {
            String patch = patches.get(n);
            dialogs.reset();
            dialogs.willPick(SAMPLES.resolve("seed/" + patch + ".ko")).willChoose(OpenPatchCommand.Keep.KEEP);
            focus(PLACES.get(n));
            pressWith(KeyCode.CONTROL, KeyCode.O);
            settle();
            assertEquals(patch, vm.getInspection().patch().name(), "Ctrl+O from " + PLACES.get(n));
            assertEquals(2, vm.getInspection().candidates().size(), "kept");
            assertEquals(2, dialogs.asked.size(), dialogs.asked.toString());
            assertTrue(dialogs.asked.get(1).startsWith("Keep the 2 loaded candidates (v1, v2) for "
                    + patch + ".ko"), dialogs.asked.get(1));
        }
    }

    @Test
    void ctrlCCopiesTheRowOrTheFieldsText() {
        for (String place : PLACES) {
            interact(() -> {
                vm.selectedProperty().set(new TreeRow.TargetRow(target("b")));
                putOnClipboard("before");
            });
            focus(place);
            if (place.equals("#" + SearchField.ID)) {
                interact(() -> {
                    vm.searchProperty().set("b,0");
                    lookup(place).queryAs(TextField.class).selectAll();
                });
            }
            pressWith(KeyCode.CONTROL, KeyCode.C);
            String copied = onFx(() -> Clipboard.getSystemClipboard().getString());
            if (place.equals("#" + SearchField.ID)) {
                assertEquals("b,0", copied, "the search field copies its own text");
                interact(() -> vm.searchProperty().set(""));
            } else {
                assertTrue(copied.contains("b,0") && copied.contains("refused"), place + ": " + copied);
            }
        }
    }

    @Test
    void ctrlShiftCCopiesTheReviewImage() {
        double width = onFx(() -> window.reviewImage().getWidth());
        for (String place : PLACES) {
            interact(() -> putOnClipboard("before"));
            focus(place);
            press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.C).release(KeyCode.SHIFT, KeyCode.CONTROL);
            var image = onFx(() -> Clipboard.getSystemClipboard().getImage());
            assertNotNull(image, "Ctrl+Shift+C from " + place);
            assertEquals(width, image.getWidth());
            assertNull(onFx(() -> Clipboard.getSystemClipboard().getString()), "the image replaced the text");
        }
    }

    /** The tree's context menu and the menu bar run the same commands as the keys; exports name the patch. */
    @Test
    void menusAndContextMenuShareTheCommands(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        var items = tree().getContextMenu().getItems();
        var next = items.stream().filter(i -> "nextFindingItem".equals(i.getId())).findFirst().orElseThrow();
        assertEquals("F3", next.getAccelerator().getName());
        interact(() -> vm.selectedProperty().set(null));
        interact(next::fire);
        assertEquals(new TreeRow.TargetRow(target("b")), vm.selectedProperty().get());
        assertTrue(items.stream().anyMatch(i -> "copyRowItem".equals(i.getId())));

        java.nio.file.Path png = dir.resolve("review.png");
        dialogs.willPick(png);
        interact(() -> window.actions().execute(dev.klpscope.ui.action.StandardAction.EXPORT_REVIEW_IMAGE));
        settle();
        assertEquals(List.of("Export PNG image: seed_lp2-review.png"), dialogs.asked);
        assertTrue(java.nio.file.Files.isRegularFile(png));
        interact(() -> window.actions().execute(dev.klpscope.ui.action.StandardAction.ABOUT));
        assertTrue(dialogs.asked.get(1).startsWith("About klpscope: klpscope "), dialogs.asked.get(1));
    }

    private static void putOnClipboard(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        Clipboard.getSystemClipboard().setContent(c);
    }
}
