package dev.klpscope.cli;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.load.ConflictingBaselines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns whatever stopped a command into the one line printed on stderr. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable e) {
        if (e instanceof MalformedInputException m) {
            return Cli.oneLine(m.getMessage());
        }
        if (e instanceof UnusableInput || e instanceof ConflictingBaselines) {
            return Cli.oneLine(e.getMessage());
        }
        if (e instanceof UncheckedIOException u) {
            return io(u.getCause());
        }
        if (e instanceof IOException io) {
            return io(io);
        }
        if (e instanceof OutOfMemoryError) {
            return "klpscope: out of memory (an input declares sizes larger than this JVM's heap)";
        }
        return "klpscope: internal error: " + e.getClass().getName() + ": " + Cli.oneLine(e.getMessage())
                + " (please report it with the input files)";
    }

    private static String io(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        return "klpscope: " + Cli.oneLine(e.toString());
    }
}
