package dev.klpscope.ui.dialog;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every question the window asks the user. Commands ask through this interface only, so tests replace it with a
 * fake that answers at once; {@link FxDialogs} is the native implementation.
 */
public interface Dialogs {

    /** One file to read, or empty when cancelled. */
    Optional<Path> openFile(String title, Optional<Path> folder, List<FileKind> kinds);

    /** Files to read; empty when cancelled. */
    List<Path> openFiles(String title, Optional<Path> folder, List<FileKind> kinds);

    /** A folder to read (a folder of kernel packages, an installed tree), or empty when cancelled. */
    Optional<Path> openFolder(String title, Optional<Path> folder);

    /** A file to write, proposed under {@code name}, or empty when cancelled. */
    Optional<Path> saveFile(String title, String name, FileKind kind);

    /**
     * One of {@code choices} (shown as buttons, the first is the default), or empty when the dialog was closed.
     *
     * @param choices at least one; each is shown with its {@code toString()}
     */
    <T> Optional<T> choose(String title, String question, List<T> choices);

    /**
     * Lines of text the user edits (one item a line, e.g. {@code --ignore} rules), or empty when cancelled.
     *
     * @param text what the field holds when it opens
     */
    Optional<String> editText(String title, String question, String text);

    /** A message the user reads and closes (About). */
    void inform(String title, String header, String text);

    /** A problem the user must see now (the window's banner is for problems with files). */
    void error(String title, String text);
}
