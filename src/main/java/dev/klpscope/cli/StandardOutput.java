package dev.klpscope.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process's standard output is a terminal, where bytes of an image must never go. */
final class StandardOutput {

    private StandardOutput() {
    }

    /**
     * Linux names the open file behind descriptor 1 in /proc (fs/proc/fd.c): a pseudo-terminal ({@code /dev/pts/N}),
     * a console ({@code /dev/ttyN}, {@code /dev/console}), or anything else (a pipe, a file, a device). Elsewhere,
     * {@link System#console()}, which is there only when both standard input and output are terminals.
     */
    static boolean isTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
