package dev.klpscope.kernels;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What one source gave: objects, problems, and the releases its paths name. */
final class SourceResult {

    /** The source as given, for the line said when it holds nothing. */
    final String name;

    SourceResult(String name) {
        this.name = name;
    }

    final List<Hit> hits = new ArrayList<>();
    final List<SourceProblem> problems = new ArrayList<>();

    /** A folder that held packages: those are sources of their own, and say for themselves if they hold nothing. */
    boolean heldPackages;

    /** Releases the source's paths name, whether or not they hold a wanted object. */
    final Set<String> releasesSeen = new TreeSet<>();

    /** {@code usr/lib/debug/.build-id} folders of trees: looked up by build id, never walked. */
    final List<Path> buildIdFolders = new ArrayList<>();

    void addAll(SourceResult other) {
        hits.addAll(other.hits);
        buildIdFolders.addAll(other.buildIdFolders);
        problems.addAll(other.problems);
        releasesSeen.addAll(other.releasesSeen);
    }
}
