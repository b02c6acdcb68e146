package dev.klpscope.ui.action;

import dev.klpscope.ui.model.MainViewModel;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

import java.util.function.Supplier;

/** Edit → Copy Review Image (Ctrl+Shift+C) and Copy Current View: an image on the clipboard. */
public final class CopyImageCommand extends Command {

    private final MainViewModel vm;
    private final Supplier<Image> image;
    private final String what;

    /** @param what named in the status line ("review image") */
    public CopyImageCommand(MainViewModel vm, Supplier<Image> image, String what) {
        this.vm = vm;
        this.image = image;
        this.what = what;
    }

    /** For an image of the result: executable once there is one. */
    public CopyImageCommand needingResult() {
        executableWhen(vm.inspectionProperty().isNotNull());
        return this;
    }

    @Override
    public void execute() {
        ClipboardContent c = new ClipboardContent();
        c.putImage(image.get());
        Clipboard.getSystemClipboard().setContent(c);
        vm.say("Copied the " + what + " to the clipboard");
    }
}
