package dev.klpscope.ui.export;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;

/** Writes a file atomically (temporary file in the same folder, then a move) and never over an input file. */
public final class SafeSave {

    private SafeSave() {
    }

    public static void write(Path target, byte[] content, Collection<String> inputs) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        for (String input : inputs) {
            Path in = Path.of(input).toAbsolutePath().normalize();
            if (in.equals(abs) || Files.exists(abs) && Files.exists(in) && Files.isSameFile(in, abs)) {
                throw new IOException(target + ": is one of the loaded inputs; choose another file name");
            }
        }
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
