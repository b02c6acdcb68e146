package dev.klpscope.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BiConsumer;

/**
 * A text input read line by line through {@link ByteReader} under bounds: {@code System.map} and
 * {@code Module.symvers} are inputs as much as an ELF file is. The file is mapped read-only (or read once when it is
 * a stream, decompressed under the decompression bound when it is xz, zstd or gzip, as distributions ship
 * {@code symvers-RELEASE.gz}); a line longer than {@code maxLineLength}, more than {@code maxLines} lines, a NUL byte
 * or an empty file is refused with the file and the line number.
 */
public final class TextLines {

    private final ByteReader data;
    private final String file;
    private final String what;

    private TextLines(ByteReader data, String file, String what) {
        this.data = data;
        this.file = file;
        this.what = what;
    }

    /**
     * Opens {@code path}, decompressed when its magic says so.
     *
     * @param what what the file should be, for messages ("a System.map")
     */
    public static TextLines open(Path path, long sizeLimit, String what) {
        String file = path.toString();
        ByteBuffer raw;
        if (Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)) {
            raw = ByteBuffer.wrap(StreamedInput.read(path, sizeLimit));
        } else {
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                if (ch.size() > sizeLimit) {
                    throw new MalformedInputException(file, String.format("is %d MiB, more than %d MiB for %s",
                            ch.size() >> 20, sizeLimit >> 20, what));
                }
                raw = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            } catch (NoSuchFileException e) {
                throw new MalformedInputException(file, "no such file");
            } catch (IOException e) {
                throw new MalformedInputException(file, Files.isDirectory(path) ? "is a directory, not " + what
                        : "cannot be read: " + e.getMessage());
            }
        }
        Compression compression = Compression.detect(raw);
        ByteBuffer text = compression == Compression.NONE ? raw : ByteBuffer.wrap(compression.decompress(raw, sizeLimit, file));
        return new TextLines(new ByteReader(text, ByteOrder.LITTLE_ENDIAN, file), file, what);
    }

    /** Over bytes already in memory (tests). */
    public static TextLines of(String file, byte[] bytes, String what) {
        return new TextLines(ByteReader.of(bytes, ByteOrder.LITTLE_ENDIAN, file), file, what);
    }

    public String file() {
        return file;
    }

    /** The error for a line that is not what it should be, naming the file, the line and (shortened) the text. */
    public MalformedInputException badLine(long lineNumber, String line, String expected) {
        String shown = line.length() > 80 ? line.substring(0, 80) + "…" : line;
        StringBuilder printable = new StringBuilder();
        shown.codePoints().forEach(c -> printable.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", c)
                : Character.toString(c)));
        return new MalformedInputException(file, "line " + lineNumber + ": expected " + expected + ", found '"
                + printable + "'; not " + what);
    }

    /**
     * Calls {@code line} with each line (1-based number, text without its {@code \n}; a final line without one
     * counts too, a trailing {@code \r} is dropped).
     */
    public void forEach(int maxLineLength, long maxLines, BiConsumer<Long, String> line) {
        long length = data.length();
        if (length == 0) {
            throw new MalformedInputException(file, "is empty; not " + what);
        }
        long start = 0;
        long number = 0;
        while (start < length) {
            long end = start;
            long limit = Math.min(length, start + maxLineLength + 1L);
            while (end < limit) {
                int b = data.u8(end, "line");
                if (b == '\n') {
                    break;
                }
                if (b == 0) {
                    throw new MalformedInputException(file, "line " + (number + 1) + ": NUL byte; not " + what
                            + " (a text file)", end);
                }
                end++;
            }
            number++;
            if (end - start > maxLineLength) {
                throw new MalformedInputException(file, "line " + number + " is longer than " + maxLineLength
                        + " bytes; not " + what, start);
            }
            if (number > maxLines) {
                throw new MalformedInputException(file, "has more than " + maxLines + " lines, more than " + what
                        + " has", start);
            }
            int n = (int) (end - start);
            if (n > 0 && data.u8(end - 1, "line") == '\r') {
                n--;
            }
            line.accept(number, new String(data.bytes(start, n, "line " + number), StandardCharsets.ISO_8859_1));
            start = end + 1;
        }
    }
}
