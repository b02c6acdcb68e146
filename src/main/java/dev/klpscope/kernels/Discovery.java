package dev.klpscope.kernels;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link KernelBuilds#find} found: the builds, sorted by release (numbers compared as numbers), and one
 * problem per source or member that gave nothing usable.
 *
 * @param debugFiles     debug copies of the objects the patch names that are not candidates: separate debug files
 *                       ({@code .ko.debug}, {@code .debug}) and unstripped copies from {@code usr/lib/debug} next to
 *                       a shipped copy of their build; paired with the candidates by build id when read
 * @param buildIdFolders {@code usr/lib/debug/.build-id} folders found in trees, looked up by build id
 * @param bases          per release, the vmlinux whose BTF is the base of that release's modules but which is no
 *                       candidate: the vmlinux found when the patch does not patch vmlinux, else a vmlinuz (its
 *                       symbols stripped) where the release has no vmlinux with symbols
 */
public record Discovery(List<FoundRelease> builds, List<SourceProblem> problems, List<FoundObject> debugFiles,
                        List<Path> buildIdFolders, List<FoundObject> bases) {

    public Discovery {
        builds = List.copyOf(builds);
        problems = List.copyOf(problems);
        debugFiles = List.copyOf(debugFiles);
        buildIdFolders = List.copyOf(buildIdFolders);
        bases = List.copyOf(bases);
    }

    public Discovery(List<FoundRelease> builds, List<SourceProblem> problems, List<FoundObject> debugFiles,
                     List<Path> buildIdFolders) {
        this(builds, problems, debugFiles, buildIdFolders, List.of());
    }

    public Discovery(List<FoundRelease> builds, List<SourceProblem> problems) {
        this(builds, problems, List.of(), List.of());
    }
}
