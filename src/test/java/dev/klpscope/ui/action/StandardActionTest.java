package dev.klpscope.ui.action;

import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The action table itself: shortcuts that a key press can match, none twice, one command per action. */
class StandardActionTest {

    /** A shortcut written with a key's wrong name ("Escape") parses as a character combination and never fires. */
    @Test
    void everyShortcutIsAKeyCodeCombination() {
        for (StandardAction a : StandardAction.values()) {
            a.accelerator().ifPresent(k -> assertTrue(k instanceof KeyCodeCombination, a + ": " + k));
        }
        assertEquals(javafx.scene.input.KeyCode.ESCAPE,
                ((KeyCodeCombination) StandardAction.SHOW_ALL_TARGETS.accelerator().orElseThrow()).getCode());
    }

    @Test
    void noShortcutIsDeclaredTwice() {
        Map<KeyCombination, StandardAction> seen = new HashMap<>();
        for (StandardAction a : StandardAction.values()) {
            a.accelerator().ifPresent(k -> assertNull(seen.put(k, a), k + " is " + seen.get(k) + " and " + a));
        }
    }

    @Test
    void anActionHasOneCommand() {
        Command first = new Command() {
            @Override
            public void execute() {
            }
        };
        ActionRegistry r = new ActionRegistry().register(StandardAction.FIND, first);
        assertSame(first, r.command(StandardAction.FIND));
        assertThrows(IllegalStateException.class, () -> r.register(StandardAction.FIND, first));
        assertThrows(IllegalStateException.class, () -> r.command(StandardAction.QUIT));
    }

    @Test
    void aCommandThatIsNotExecutableDoesNotRun() {
        int[] runs = {0};
        javafx.beans.property.SimpleBooleanProperty ready = new javafx.beans.property.SimpleBooleanProperty(false);
        Command c = new Command() {
            {
                executableWhen(ready);
            }

            @Override
            public void execute() {
                runs[0]++;
            }
        };
        ActionRegistry r = new ActionRegistry().register(StandardAction.NEXT_FINDING, c);
        assertEquals(false, r.execute(StandardAction.NEXT_FINDING));
        ready.set(true);
        assertEquals(true, r.execute(StandardAction.NEXT_FINDING));
        assertEquals(1, runs[0]);
    }
}
