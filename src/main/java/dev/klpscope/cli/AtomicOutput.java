package dev.klpscope.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Where {@code --output} puts a report. A regular file (new, or reached through symbolic links, which stay links)
 * is written so that readers see the old file or the whole new one, never a half-written one: a temporary file in
 * the same directory (same file system, so the rename is atomic), then an atomic move. Anything else (a device such
 * as {@code /dev/null}, a FIFO, {@code /dev/stdout}) is written straight through and never replaced; {@code -} is
 * standard output.
 */
final class AtomicOutput {

    /** As in the kernel's path walk ({@code MAXSYMLINKS}, include/linux/namei.h). */
    private static final int MAX_LINKS = 40;

    private AtomicOutput() {
    }

    /** Refuses an output that is one of the inputs (by path, or by identity when both exist: links, "./x"). */
    static void checkNotAnInput(Path output, List<Path> inputs) {
        if (isStdout(output)) {
            return;
        }
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
        Path destination = followLinks(output);
        Path dir = destination == null ? null : destination.getParent();
        if (destination != null && (dir == null || !Files.isDirectory(dir))) {
            throw new UnusableInput(output + ": directory " + dir + " does not exist");
        }
    }

    /** Writes {@code content} to {@code output}, or to {@code stdout} when there is no output or it is {@code -}. */
    static void write(Path output, String content, PrintWriter stdout) throws IOException {
        if (output == null || isStdout(output)) {
            stdout.print(content);
            stdout.flush();
            return;
        }
        write(output, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code content} (text or an image) to a file, device or FIFO; standard output is the caller's. */
    static void write(Path output, byte[] content) throws IOException {
        Path destination = followLinks(output);
        if (destination == null || Files.exists(destination) && !Files.isRegularFile(destination)) {
            writeThrough(output, content, destination == null && Files.isRegularFile(output));
        } else {
            replaceAtomically(destination, content);
        }
    }

    private static boolean isStdout(Path output) {
        return output.toString().equals("-");
    }

    /**
     * Follows symbolic links hop by hop; a dangling link leads to where it points. Null when a hop is under
     * {@code /proc}: links there ({@code /dev/stdout}, {@code /dev/fd/N}) are the kernel's handles on open files
     * (fs/proc/fd.c), not paths to replace.
     */
    private static Path followLinks(Path output) {
        Path p = output.toAbsolutePath().normalize();
        try {
            for (int hops = 0; ; hops++) {
                Path dir = p.getParent();
                if (dir != null && Files.isDirectory(dir)) {
                    p = dir.toRealPath().resolve(p.getFileName());
                }
                if (p.startsWith("/proc")) {
                    return null;
                }
                if (!Files.isSymbolicLink(p)) {
                    return p;
                }
                if (hops == MAX_LINKS) {
                    throw new UnusableInput(output + ": too many levels of symbolic links");
                }
                p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
            }
        } catch (IOException e) {
            throw new UnusableInput(output + ": cannot be resolved: " + Cli.oneLine(e.getMessage()));
        }
    }

    /**
     * Opens the path as given and writes into it. A regular file behind {@code /dev/stdout} is appended to: the
     * shell opened it (truncating for {@code >}), and other output may already be in it ({@code 2>&1}).
     */
    private static void writeThrough(Path output, byte[] content, boolean append) throws IOException {
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.WRITE;
        try (OutputStream o = Files.newOutputStream(output, StandardOpenOption.WRITE, mode)) {
            o.write(content);
        }
    }

    private static void replaceAtomically(Path target, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, content);
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
