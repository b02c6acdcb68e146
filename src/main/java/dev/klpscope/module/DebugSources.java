package dev.klpscope.module;

import dev.klpscope.elf.MalformedInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The debug files of a run, given (on the command line, dropped on the window) or found (in a {@code -dbg} package,
 * an installed tree), and the {@code .build-id} folders found ({@code /usr/lib/debug/.build-id}, where a debug file
 * is named by the build id it describes: {@code xx/yyyy….debug}, as gdb looks it up), before they are paired with the
 * candidates by build id ({@link #pair}).
 *
 * @param files          debug files already read ({@link DebugFile})
 * @param buildIdFolders {@code .build-id} folders, looked up only for the build ids of candidates without DWARF
 */
public record DebugSources(List<DebugFile> files, List<Path> buildIdFolders) {

    public static final DebugSources NONE = new DebugSources(List.of(), List.of());

    public DebugSources {
        files = List.copyOf(files);
        buildIdFolders = List.copyOf(buildIdFolders);
    }

    /** Both; a file or folder already here is not added twice. */
    public DebugSources plus(DebugSources more) {
        List<DebugFile> f = new ArrayList<>(files);
        more.files.stream().filter(d -> files.stream().noneMatch(e -> e.reported().equals(d.reported()))).forEach(f::add);
        List<Path> b = new ArrayList<>(buildIdFolders);
        more.buildIdFolders.stream().filter(p -> !buildIdFolders.contains(p)).forEach(b::add);
        return new DebugSources(f, b);
    }

    public boolean isEmpty() {
        return files.isEmpty() && buildIdFolders.isEmpty();
    }

    /**
     * The pairing, and one line per debug file that could not be used.
     *
     * @param files    build id → debug file
     * @param problems a debug file whose build id no candidate has, two different debug files of one build id,
     *                 an unreadable file in a {@code .build-id} folder; each names the file
     */
    public record Pairing(DebugFiles files, List<String> problems) {
        public Pairing {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Pairs each candidate with the debug file of its build id. Files are taken in the order of their reported names,
     * so the result never depends on the order they were given in; copies with the same bytes are one. A candidate
     * with DWARF of its own needs no debug file, so {@code .build-id} folders are searched only for the others.
     */
    public Pairing pair(List<KernelObject> candidates) {
        Set<String> ids = candidates.stream().flatMap(c -> c.buildId().stream()).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        Map<String, List<DebugFile>> byId = new TreeMap<>();
        files.stream().sorted(Comparator.comparing(DebugFile::reported))
                .forEach(f -> byId.computeIfAbsent(f.buildId(), k -> new ArrayList<>()).add(f));
        Map<String, DebugFile> paired = new LinkedHashMap<>();
        byId.forEach((id, copies) -> {
            if (!ids.contains(id)) {
                copies.forEach(f -> problems.add(f.reported() + ": debug file of build id " + id
                        + " pairs with no candidate (none has that build id); not used"));
                return;
            }
            DebugFile first = copies.get(0);
            copies.stream().skip(1).filter(f -> !sameBytes(first.file(), f.file())).forEach(f -> problems.add(
                    f.reported() + ": another debug file of build id " + id + " (" + first.reported()
                            + ") differs from it; " + first.reported() + " is used"));
            paired.put(id, first);
        });
        for (KernelObject c : candidates) {
            if (c.buildId().isEmpty() || paired.containsKey(c.buildId().get()) || DebugFile.hasDwarf(c.image())) {
                continue;
            }
            String id = c.buildId().get();
            for (Path folder : buildIdFolders) {
                Path file = byBuildId(folder, id);
                if (file == null) {
                    continue;
                }
                try {
                    DebugFile d = DebugFile.read(file, file.toString());
                    if (d.buildId().equals(id)) {
                        paired.put(id, d);
                        break;
                    }
                    problems.add(file + ": named for build id " + id + " but carries " + d.buildId() + "; not used");
                } catch (MalformedInputException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return new Pairing(DebugFiles.paired(paired), problems);
    }

    /** {@code folder/xx/yyyy….debug} for build id {@code xxyyyy…}, when it is a file (a link to one counts). */
    private static Path byBuildId(Path folder, String id) {
        if (id.length() < 3) {
            return null;
        }
        Path file = folder.resolve(id.substring(0, 2)).resolve(id.substring(2) + ".debug");
        return Files.isRegularFile(file) ? file : null;
    }

    private static boolean sameBytes(Path a, Path b) {
        try {
            return Files.isSameFile(a, b) || Files.size(a) == Files.size(b) && Files.mismatch(a, b) == -1L;
        } catch (IOException e) {
            return false;
        }
    }
}
