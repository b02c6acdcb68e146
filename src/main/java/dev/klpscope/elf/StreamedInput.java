package dev.klpscope.elf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An input that is not a regular file (a FIFO, {@code /dev/stdin}, {@code <(...)}): it has no size and cannot be
 * mapped, and it can be read only once, so it is read whole into memory, refusing it past a bound rather than
 * running out of memory.
 */
final class StreamedInput {

    private StreamedInput() {
    }

    static byte[] read(Path path, long limit) {
        String file = path.toString();
        long bound = Math.min(limit, Integer.MAX_VALUE - 8);
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buf = new byte[(int) Math.min(bound + 1, 1 << 16)];
            int len = 0;
            int n;
            while ((n = in.read(buf, len, buf.length - len)) >= 0) {
                len += n;
                if (len > bound) {
                    throw new MalformedInputException(file, "is a stream (not a regular file) of more than "
                            + size(bound) + ", the bound on input read into memory; save it to a file");
                }
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(bound + 1, 2L * buf.length));
                }
            }
            return Arrays.copyOf(buf, len);
        } catch (IOException e) {
            throw new MalformedInputException(file, "cannot be read: " + e.getMessage());
        }
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
