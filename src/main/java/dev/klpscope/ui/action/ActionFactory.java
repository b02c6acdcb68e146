package dev.klpscope.ui.action;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyEvent;

import java.util.Arrays;
import java.util.List;

/**
 * Makes menu items, buttons and context menus from the registered actions, and handles every shortcut in one
 * event filter on the scene: the filter runs before the focused control sees the key, so no text field, tree or
 * toggle can swallow Escape or F3.
 */
public final class ActionFactory {

    /** Marks a separator in {@link #contextMenu}. */
    public static final StandardAction SEPARATOR = null;

    private final ActionRegistry registry;

    public ActionFactory(ActionRegistry registry) {
        this.registry = registry;
    }

    public MenuItem menuItem(StandardAction action) {
        Command command = registry.command(action);
        MenuItem item = new MenuItem(action.text());
        item.setId(action.id() + "Item");
        // Shown in the menu; the scene filter below runs it before the menu bar's own accelerator would.
        action.accelerator().ifPresent(item::setAccelerator);
        item.disableProperty().bind(command.executableProperty().not());
        item.setOnAction(e -> registry.execute(action));
        return item;
    }

    /** A check item that shows and edits a yes/no setting; its command switches the same setting. */
    public CheckMenuItem checkMenuItem(StandardAction action) {
        Command command = registry.command(action);
        if (!(command instanceof ToggleSettingCommand toggle)) {
            throw new IllegalStateException(action + " is not a setting switched on and off");
        }
        CheckMenuItem item = new CheckMenuItem(action.text());
        item.setId(action.id() + "Item");
        action.accelerator().ifPresent(item::setAccelerator);
        item.disableProperty().bind(command.executableProperty().not());
        // The menu flips the item itself; the shortcut runs the command: both edit the one setting.
        item.selectedProperty().bindBidirectional(toggle.setting());
        return item;
    }

    public Button button(StandardAction action) {
        Command command = registry.command(action);
        Button b = new Button(action.buttonText());
        b.setId(action.id() + "Button");
        b.setTooltip(new Tooltip(action.plainText()
                + action.accelerator().map(k -> " (" + k.getDisplayText() + ")").orElse("")));
        b.disableProperty().bind(command.executableProperty().not());
        b.setOnAction(e -> registry.execute(action));
        return b;
    }

    /** Runs the action's command if it is executable now. */
    public void execute(StandardAction action) {
        registry.execute(action);
    }

    /** Menu items of these actions; {@link #SEPARATOR} between groups. */
    public List<MenuItem> menuItems(StandardAction... actions) {
        return Arrays.stream(actions).map(a -> a == SEPARATOR ? new SeparatorMenuItem() : menuItem(a)).toList();
    }

    /** A context menu of these actions; {@link #SEPARATOR} between groups. */
    public ContextMenu contextMenu(StandardAction... actions) {
        return new ContextMenu(menuItems(actions).toArray(MenuItem[]::new));
    }

    /** Runs the action whose shortcut a key press matches, whatever has the focus, and consumes the key. */
    public void installShortcuts(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            for (StandardAction a : registry.all().keySet()) {
                if (a.accelerator().filter(k -> k.match(e)).isPresent() && registry.execute(a)) {
                    e.consume();
                    return;
                }
            }
        });
    }
}
