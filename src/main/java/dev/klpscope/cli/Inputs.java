package dev.klpscope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks input paths before any parsing, so that a typo gets "no such file" rather than a parser's complaint. */
final class Inputs {

    private Inputs() {
    }

    static void requireReadableFiles(List<Path> paths) {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new UnusableInput(p + ": no such file");
            }
            if (Files.isDirectory(p)) {
                throw new UnusableInput(p + ": is a directory, not a module file");
            }
            if (!Files.isReadable(p)) {
                throw new UnusableInput(p + ": permission denied");
            }
        }
        requireStreamsOnce(paths);
    }

    /** A stream (FIFO, /dev/stdin) can be read only once: a second read would wait forever for a writer. */
    private static void requireStreamsOnce(List<Path> paths) {
        for (int i = 0; i < paths.size(); i++) {
            Path p = paths.get(i);
            if (Files.isRegularFile(p)) {
                continue;
            }
            for (Path q : paths.subList(i + 1, paths.size())) {
                if (isSameFile(p, q)) {
                    throw new UnusableInput(q + ": is a stream (not a regular file) already given as " + p
                            + "; a stream can be read only once");
                }
            }
        }
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
