package dev.klpscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Writes a report file so that readers see the old file or the whole new one, never a half-written one: a
 * temporary file in the same directory (same file system, so the rename is atomic), then an atomic move.
 */
final class AtomicOutput {

    private AtomicOutput() {
    }

    /** Refuses an output that is one of the inputs (by path, or by identity when both exist: links, "./x"). */
    static void checkNotAnInput(Path output, List<Path> inputs) {
        Path out = output.toAbsolutePath().normalize();
        for (Path in : inputs) {
            boolean same = out.equals(in.toAbsolutePath().normalize());
            if (!same && Files.exists(output) && Files.exists(in)) {
                try {
                    same = Files.isSameFile(output, in);
                } catch (IOException e) {
                    same = false;
                }
            }
            if (same) {
                throw new UnusableInput(output + ": --output names an input file (" + in + "); refusing to overwrite it");
            }
        }
        if (Files.isDirectory(output)) {
            throw new UnusableInput(output + ": --output is a directory");
        }
        Path dir = out.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UnusableInput(output + ": directory " + dir + " does not exist");
        }
    }

    static void write(Path output, String content) throws IOException {
        Path target = output.toAbsolutePath().normalize();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            keepPermissions(target, tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temp files are created 0600; a report should be as readable as the file it replaces, or 0644. */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        view.setPermissions(Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--"));
    }
}
