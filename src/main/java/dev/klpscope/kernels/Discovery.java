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
 */
public record Discovery(List<FoundRelease> builds, List<SourceProblem> problems, List<FoundObject> debugFiles,
                        List<Path> buildIdFolders) {

    public Discovery {
        builds = List.copyOf(builds);
        problems = List.copyOf(problems);
        debugFiles = List.copyOf(debugFiles);
        buildIdFolders = List.copyOf(buildIdFolders);
    }

    public Discovery(List<FoundRelease> builds, List<SourceProblem> problems) {
        this(builds, problems, List.of(), List.of());
    }
}
