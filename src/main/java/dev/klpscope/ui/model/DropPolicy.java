package dev.klpscope.ui.model;

import dev.klpscope.load.LoadedFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happens to files dropped on the window (or given on the command line): the first livepatch becomes the
 * patch, modules and vmlinux become candidates, everything else is named in a message and ignored; kernel packages
 * and folders are searched for the patch's objects first ({@code Session}).
 * UI-free so that it can be tested without a stage.
 */
public final class DropPolicy {

    private DropPolicy() {
    }

    /** The plan for a drop, decided from files already read. */
    public record Plan(Optional<LoadedFile.Patch> patch, List<LoadedFile.Candidate> candidates, List<String> ignored) {
        public Plan {
            candidates = List.copyOf(candidates);
            ignored = List.copyOf(ignored);
        }

        public boolean changesNothing() {
            return patch.isEmpty() && candidates.isEmpty();
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
            }
        }
        return new Plan(Optional.ofNullable(patch), candidates, ignored);
    }
}
