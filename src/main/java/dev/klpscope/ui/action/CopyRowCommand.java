package dev.klpscope.ui.action;

import dev.klpscope.ui.model.MainViewModel;
import javafx.scene.Node;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

import java.util.function.Supplier;

/** Edit → Copy Row (Ctrl+C): the selected row as tab-separated text; in a text field, its selected text. */
public final class CopyRowCommand extends Command {

    private final MainViewModel vm;
    private final Supplier<Node> focusOwner;

    public CopyRowCommand(MainViewModel vm, Supplier<Node> focusOwner) {
        this.vm = vm;
        this.focusOwner = focusOwner;
    }

    @Override
    public void execute() {
        if (focusOwner.get() instanceof TextInputControl t) {
            t.copy();
            return;
        }
        String text = vm.selectedRowText();
        if (!text.isEmpty()) {
            ClipboardContent c = new ClipboardContent();
            c.putString(text);
            Clipboard.getSystemClipboard().setContent(c);
            vm.say("Copied the selected row");
        }
    }
}
