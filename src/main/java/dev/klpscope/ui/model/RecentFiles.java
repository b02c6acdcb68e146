package dev.klpscope.ui.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/** The last opened files, newest first, kept in {@code java.util.prefs}; files gone from disk are dropped. */
public final class RecentFiles {

    static final int MAX = 10;
    private static final String KEY = "recent.";

    private final Preferences prefs;

    public RecentFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String v = prefs.get(KEY + i, null);
            if (v != null && Files.exists(Path.of(v))) {
                out.add(Path.of(v));
            }
        }
        return out;
    }

    public void add(Path file) {
        List<Path> list = new ArrayList<>(list());
        Path abs = file.toAbsolutePath().normalize();
        list.remove(abs);
        list.add(0, abs);
        for (int i = 0; i < MAX; i++) {
            if (i < list.size()) {
                prefs.put(KEY + i, list.get(i).toString());
            } else {
                prefs.remove(KEY + i);
            }
        }
    }
}
