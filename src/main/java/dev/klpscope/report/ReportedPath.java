package dev.klpscope.report;

import java.nio.file.Path;

/**
 * The one place that decides how the command line names an input file in reports, findings and ids: relative to
 * the working directory when it lies inside it, as given otherwise (the command line maps its inputs through this
 * before reading them, so every later message names them alike). The same files checked from two copies of a workspace
 * (each run from its own directory) are then named alike, so their reports compare byte for byte.
 */
public final class ReportedPath {

    private ReportedPath() {
    }

    /** Idempotent; a relative path is kept as given (it already names the file from the working directory). */
    public static Path of(Path given) {
        if (!given.isAbsolute()) {
            return given;
        }
        Path cwd = Path.of("").toAbsolutePath().normalize();
        Path abs = given.normalize();
        if (abs.equals(cwd) || !abs.startsWith(cwd)) {
            return given;
        }
        return cwd.relativize(abs);
    }
}
