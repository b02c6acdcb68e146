package dev.klpscope.ui.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.prefs.Preferences;

/**
 * The last opened files, newest first, kept in {@code java.util.prefs}; files gone from disk are dropped. A
 * livepatch is kept with the candidates it was last inspected against (the kernel packages they were found in, for
 * those), so that opening it again from the list replaces the current files with that set (a candidate entry is
 * added to the current files instead).
 */
public final class RecentFiles {

    static final int MAX = 10;
    private static final String KEY = "recent.";
    private static final String WITH = ".with";

    private final Preferences prefs;

    /**
     * @param path       the file
     * @param candidates for a livepatch, the candidates it was last open with (those still on disk); empty for
     *                   a candidate entry
     */
    public record Entry(Path path, Optional<List<Path>> candidates) {
        public Entry {
            candidates = candidates.map(List::copyOf);
        }

        public boolean isPatch() {
            return candidates.isPresent();
        }
    }

    public RecentFiles(Preferences prefs) {
        this.prefs = prefs;
    }

    public List<Path> list() {
        return entries().stream().map(Entry::path).toList();
    }

    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            String v = prefs.get(KEY + i, null);
            if (v != null && Files.exists(Path.of(v))) {
                String with = prefs.get(KEY + i + WITH, null);
                Optional<List<Path>> candidates = with == null ? Optional.empty()
                        : Optional.of(Arrays.stream(with.split("\n")).filter(s -> !s.isEmpty()).map(Path::of)
                        .filter(Files::exists).toList());
                out.add(new Entry(Path.of(v), candidates));
            }
        }
        return out;
    }

    /** A file added as a candidate (or of unknown kind): opening it again adds it. */
    public void add(Path file) {
        put(new Entry(normal(file), Optional.empty()));
    }

    /** A livepatch and the candidates it is open with: opening it again replaces the current files with these. */
    public void addPatch(Path patch, List<Path> candidates) {
        put(new Entry(normal(patch), Optional.of(candidates.stream().map(RecentFiles::normal).toList())));
    }

    private void put(Entry entry) {
        List<Entry> list = new ArrayList<>(entries());
        list.removeIf(e -> e.path().equals(entry.path()));
        list.add(0, entry);
        for (int i = 0; i < MAX; i++) {
            if (i < list.size()) {
                prefs.put(KEY + i, list.get(i).path().toString());
                Optional<List<Path>> with = list.get(i).candidates();
                if (with.isPresent()) {
                    prefs.put(KEY + i + WITH, joinWithin(with.get(), Preferences.MAX_VALUE_LENGTH));
                } else {
                    prefs.remove(KEY + i + WITH);
                }
            } else {
                prefs.remove(KEY + i);
                prefs.remove(KEY + i + WITH);
            }
        }
    }

    /** As many paths as fit in a preferences value, one a line. */
    private static String joinWithin(List<Path> paths, int max) {
        StringBuilder b = new StringBuilder();
        for (Path p : paths) {
            String s = p.toString();
            if (b.length() + s.length() + 1 > max) {
                break;
            }
            b.append(s).append('\n');
        }
        return b.toString();
    }

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /**
     * Keeps the loaded livepatch at the top, with the candidates it is inspected against, each time the files change
     * (however they were opened: dialog, drop, recent list, command line).
     */
    public void follow(MainViewModel vm) {
        vm.workspaceProperty().addListener((o, a, w) -> remember(w));
    }

    /** The workspace's patch at the top, with {@link #sourcesOf the sources} of its candidates. */
    void remember(Workspace w) {
        w.patch().ifPresent(p -> addPatch(Path.of(p.path()), sourcesOf(w)));
    }

    /**
     * What to open again for the workspace's candidates, in their order, each once: a candidate copied out of a package
     * is remembered as that package (its path, {@code PACKAGE:MEMBER}, names no file, and its copy in the cache may
     * be gone, or private with {@code --no-cache}), so that opening it again searches the package as the first time;
     * a file, also one found in a folder or tree, as itself.
     */
    static List<Path> sourcesOf(Workspace w) {
        java.util.LinkedHashSet<Path> out = new java.util.LinkedHashSet<>();
        for (var k : w.candidates()) {
            out.add(w.origins().containsKey(k.path()) ? packageOf(k.path()).orElse(Path.of(k.path())) : Path.of(k.path()));
        }
        return List.copyOf(out);
    }

    /** The package of {@code PACKAGE:MEMBER}: the shortest prefix before a colon that is a file (paths may hold colons). */
    private static Optional<Path> packageOf(String member) {
        for (int i = member.indexOf(':'); i > 0; i = member.indexOf(':', i + 1)) {
            Path p = Path.of(member.substring(0, i));
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
