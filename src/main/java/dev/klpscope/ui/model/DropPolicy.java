package dev.klpscope.ui.model;

import dev.klpscope.load.LoadedFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happens to files dropped on the window (or given on the command line): the first livepatch becomes the
 * patch, modules and vmlinux become candidates, a debug file (a separate one, recognised by its contents) lends its
 * DWARF to the candidate of its build id, a raw BTF file (a copy of {@code /sys/kernel/btf/vmlinux}) is the BTF base
 * of module candidates' split {@code .BTF}, everything else is named in a message and ignored; kernel packages
 * and folders are searched for the patch's objects first ({@code Session}).
 * UI-free so that it can be tested without a stage.
 */
public final class DropPolicy {

    private DropPolicy() {
    }

    /**
     * The plan for a drop, decided from files already read.
     *
     * @param debug debug files and {@code .build-id} folders ({@link LoadedFile.Debug}, {@link LoadedFile.DebugFolder}),
     *              and BTF bases ({@link LoadedFile.Base}: a raw BTF file, a release's vmlinux found): never candidates
     */
    public record Plan(Optional<LoadedFile.Patch> patch, List<LoadedFile.Candidate> candidates, List<String> ignored,
                       List<LoadedFile> debug) {
        public Plan {
            candidates = List.copyOf(candidates);
            ignored = List.copyOf(ignored);
            debug = List.copyOf(debug);
        }

        public Plan(Optional<LoadedFile.Patch> patch, List<LoadedFile.Candidate> candidates, List<String> ignored) {
            this(patch, candidates, ignored, List.of());
        }

        public boolean changesNothing() {
            return patch.isEmpty() && candidates.isEmpty() && debug.isEmpty();
        }
    }

    /**
     * Cheap check done before reading: missing files are never read. (Folders and kernel packages never get here:
     * they are searched for the patch's objects, {@code load.KernelCandidates}.)
     */
    public static Optional<String> rejectBeforeReading(Path path) {
        if (!Files.isRegularFile(path)) {
            return Optional.of(path + (Files.exists(path) ? ": is not a regular file" : ": no such file"));
        }
        return Optional.empty();
    }

    public static Plan plan(List<LoadedFile> files) {
        LoadedFile.Patch patch = null;
        List<LoadedFile.Candidate> candidates = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<LoadedFile> debug = new ArrayList<>();
        for (LoadedFile f : files) {
            if (f instanceof LoadedFile.Patch p) {
                if (patch == null) {
                    patch = p;
                } else {
                    ignored.add(p.path() + ": another livepatch in the same drop; only " + patch.path().getFileName()
                            + " was opened");
                }
            } else if (f instanceof LoadedFile.Candidate c) {
                candidates.add(c);
            } else if (f instanceof LoadedFile.Unusable u) {
                ignored.add(u.problem());
            } else if (f instanceof LoadedFile.Debug || f instanceof LoadedFile.DebugFolder || f instanceof LoadedFile.Base) {
                debug.add(f);
            }
        }
        return new Plan(Optional.ofNullable(patch), candidates, ignored, debug);
    }
}
