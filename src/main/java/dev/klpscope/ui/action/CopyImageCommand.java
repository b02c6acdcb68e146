package dev.klpscope.ui.action;

import dev.klpscope.ui.model.MainViewModel;
import javafx.scene.image.Image;

import java.util.function.Supplier;

/** Edit → Copy Review Image (Ctrl+Shift+C) and Copy Current View: an image on the clipboard. */
public final class CopyImageCommand extends Command {

    private final MainViewModel vm;
    private final Supplier<Image> image;
    private final String what;
    private final ClipboardPort clipboard;

    /** @param what named in the status line ("review image") */
    public CopyImageCommand(MainViewModel vm, Supplier<Image> image, String what, ClipboardPort clipboard) {
        this.vm = vm;
        this.image = image;
        this.what = what;
        this.clipboard = clipboard;
    }

    /** For an image of the result: executable once there is one. */
    public CopyImageCommand needingResult() {
        executableWhen(vm.inspectionProperty().isNotNull());
        return this;
    }

    @Override
    public void execute() {
        clipboard.putImage(image.get());
        vm.say("Copied the " + what + " to the clipboard");
    }
}
