package dev.klpscope.ui.dialog;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@link Dialogs} for tests: answers queued in advance, every question recorded. A question with no answer
 * queued is answered as a cancel, so a test that forgets one sees nothing happen rather than a native dialog.
 */
public final class FakeDialogs implements Dialogs {

    /** Titles and texts of every dialog shown, in order. */
    public final List<String> asked = new ArrayList<>();
    private final Deque<List<Path>> files = new ArrayDeque<>();
    private final Deque<Object> choices = new ArrayDeque<>();
    private final Deque<String> texts = new ArrayDeque<>();

    /** The next open or save dialog answers these files (one for open/save). */
    public FakeDialogs willPick(Path... picked) {
        files.add(List.of(picked));
        return this;
    }

    /** Answers a {@link #choose} as Enter does: the first choice, the default. */
    public static final Object DEFAULT = new Object();

    /** The next {@link #choose} answers this ({@link #DEFAULT}: the default choice). */
    public FakeDialogs willChoose(Object choice) {
        choices.add(choice);
        return this;
    }

    /** The next {@link #editText} answers this text. */
    public FakeDialogs willWrite(String text) {
        texts.add(text);
        return this;
    }

    /** Forgets unused answers and questions (between tests sharing a window). */
    public void reset() {
        asked.clear();
        files.clear();
        choices.clear();
        texts.clear();
    }

    @Override
    public Optional<Path> openFile(String title, Optional<Path> folder, List<FileKind> kinds) {
        asked.add(title);
        return next().stream().findFirst();
    }

    @Override
    public List<Path> openFiles(String title, Optional<Path> folder, List<FileKind> kinds) {
        asked.add(title);
        return next();
    }

    @Override
    public Optional<Path> openFolder(String title, Optional<Path> folder) {
        asked.add(title);
        return next().stream().findFirst();
    }

    @Override
    public Optional<Path> saveFile(String title, String name, FileKind kind) {
        asked.add(title + ": " + name);
        return next().stream().findFirst();
    }

    @Override
    public <T> Optional<T> choose(String title, String question, List<T> offered) {
        asked.add(question);
        Object c = choices.poll();
        if (c == null) {
            return Optional.empty();
        }
        if (c == DEFAULT) {
            return Optional.of(offered.get(0));
        }
        if (!offered.contains(c)) {
            throw new AssertionError(c + " is not among " + offered);
        }
        @SuppressWarnings("unchecked") T t = (T) c;
        return Optional.of(t);
    }

    @Override
    public Optional<String> editText(String title, String question, String text) {
        asked.add(question);
        return Optional.ofNullable(texts.poll());
    }

    @Override
    public void inform(String title, String header, String text) {
        asked.add(title + ": " + text);
    }

    @Override
    public void error(String title, String text) {
        asked.add(title + ": " + text);
    }

    private List<Path> next() {
        List<Path> l = files.poll();
        return l == null ? List.of() : l;
    }
}
