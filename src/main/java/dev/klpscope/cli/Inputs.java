package dev.klpscope.cli;

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
    }
}
