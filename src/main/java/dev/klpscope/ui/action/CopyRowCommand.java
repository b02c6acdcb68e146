package dev.klpscope.ui.action;

import dev.klpscope.ui.model.MainViewModel;
import javafx.scene.Node;
import javafx.scene.control.TextInputControl;

import java.util.function.Supplier;

/** Edit → Copy Row (Ctrl+C): the selected row as tab-separated text; in a text field, its selected text. */
public final class CopyRowCommand extends Command {

    private final MainViewModel vm;
    private final Supplier<Node> focusOwner;
    private final ClipboardPort clipboard;

    public CopyRowCommand(MainViewModel vm, Supplier<Node> focusOwner, ClipboardPort clipboard) {
        this.vm = vm;
        this.focusOwner = focusOwner;
        this.clipboard = clipboard;
    }

    @Override
    public void execute() {
        if (focusOwner.get() instanceof TextInputControl t) {
            t.copy();
            return;
        }
        String text = vm.selectedRowText();
        if (!text.isEmpty()) {
            clipboard.putString(text);
            vm.say("Copied the selected row");
        }
    }
}
