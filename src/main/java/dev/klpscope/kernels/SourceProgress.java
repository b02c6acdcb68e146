package dev.klpscope.kernels;

import java.nio.file.Path;

/**
 * How far {@link KernelBuilds#find(java.util.List, java.util.Set, ObjectCache, SourceProgress)} got: folders are
 * searched first (numbered over the folders given), then packages are read (numbered over every package, given or
 * found in a folder). Packages are read two at a time, so calls may come from two threads and a later package may
 * start before an earlier one is done.
 */
public interface SourceProgress {

    SourceProgress NONE = new SourceProgress() {
    };

    /** {@code source} (a folder or package) is being searched or read, the {@code number}th of {@code total}. */
    default void started(Path source, int number, int total) {
    }

    /** {@code source} is done, the {@code number}th of {@code total}. */
    default void done(Path source, int number, int total) {
    }
}
