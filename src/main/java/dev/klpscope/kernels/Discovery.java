package dev.klpscope.kernels;

import java.util.List;

/**
 * What {@link KernelBuilds#find} found: the builds, sorted by release (numbers compared as numbers), and one
 * problem per source or member that gave nothing usable.
 */
public record Discovery(List<FoundRelease> builds, List<SourceProblem> problems) {

    public Discovery {
        builds = List.copyOf(builds);
        problems = List.copyOf(problems);
    }
}
