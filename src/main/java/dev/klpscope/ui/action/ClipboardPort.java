package dev.klpscope.ui.action;

import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * Where the copy commands put text and images: the system clipboard in the window, a fake in tests (as
 * {@code Dialogs} for questions), so a copy can be checked without a stage or a desktop clipboard.
 */
public interface ClipboardPort {

    void putString(String text);

    void putImage(Image image);

    /** The system clipboard (UI thread only). */
    static ClipboardPort system() {
        return new ClipboardPort() {
            @Override
            public void putString(String text) {
                ClipboardContent c = new ClipboardContent();
                c.putString(text);
                Clipboard.getSystemClipboard().setContent(c);
            }

            @Override
            public void putImage(Image image) {
                ClipboardContent c = new ClipboardContent();
                c.putImage(image);
                Clipboard.getSystemClipboard().setContent(c);
            }
        };
    }
}
