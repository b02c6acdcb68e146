package dev.klpscope.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The single choke point through which file bytes are read. Every read is bounds-checked against the
 * buffer and reported as a {@link MalformedInputException} naming the file, the structure being read and
 * the offset, so no reader above can index past the end, loop on a bad length or allocate what a
 * corrupt size field asks for.
 *
 * <p>Offsets are absolute within the buffer (a mapped file or a decompressed image); values are widened
 * to {@code long} so unsigned 32- and 64-bit fields never turn negative by accident (64-bit values above
 * {@code Long.MAX_VALUE} stay as their two's-complement bits; callers compare them unsigned).
 */
public final class ByteReader {

    private final ByteBuffer buffer;
    private final String file;
    private final long base;

    ByteReader(ByteBuffer buffer, ByteOrder order, String file) {
        this(buffer.duplicate().order(order), file, 0);
    }

    private ByteReader(ByteBuffer buffer, String file, long base) {
        this.buffer = buffer;
        this.file = file;
        this.base = base;
    }

    /** A reader over {@code bytes} (tests and small derived inputs). */
    public static ByteReader of(byte[] bytes, ByteOrder order, String file) {
        return new ByteReader(ByteBuffer.wrap(bytes), order, file);
    }

    /**
     * A reader over {@code bytes}, a modified copy of the file's bytes from {@code fileOffset} on (a debug section
     * with its relocations applied): messages still name offsets in the file.
     */
    public static ByteReader copyOf(byte[] bytes, ByteOrder order, String file, long fileOffset) {
        return new ByteReader(ByteBuffer.wrap(bytes).order(order), file, fileOffset);
    }

    public long length() {
        return buffer.capacity();
    }

    public ByteOrder order() {
        return buffer.order();
    }

    public String file() {
        return file;
    }

    /** Throws unless {@code [offset, offset + size)} lies inside the buffer; safe against overflow. */
    public void require(long offset, long size, String what) {
        if (offset < 0 || size < 0 || offset > length() || size > length() - offset) {
            throw new MalformedInputException(file, String.format(
                    "%s (%d bytes) extends past the end of the data (%d bytes)", what, size, length()),
                    base + Math.max(offset, 0));
        }
    }

    public boolean fits(long offset, long size) {
        return offset >= 0 && size >= 0 && offset <= length() && size <= length() - offset;
    }

    public int u8(long offset, String what) {
        require(offset, 1, what);
        return Byte.toUnsignedInt(buffer.get((int) offset));
    }

    public int u16(long offset, String what) {
        require(offset, 2, what);
        return Short.toUnsignedInt(buffer.getShort((int) offset));
    }

    public long u32(long offset, String what) {
        require(offset, 4, what);
        return Integer.toUnsignedLong(buffer.getInt((int) offset));
    }

    public int s32(long offset, String what) {
        require(offset, 4, what);
        return buffer.getInt((int) offset);
    }

    public long u64(long offset, String what) {
        require(offset, 8, what);
        return buffer.getLong((int) offset);
    }

    /** A 32- or 64-bit word, as the ELF class says. */
    public long word(long offset, boolean is64, String what) {
        return is64 ? u64(offset, what) : u32(offset, what);
    }

    public long signedWord(long offset, boolean is64, String what) {
        return is64 ? u64(offset, what) : s32(offset, what);
    }

    public byte[] bytes(long offset, int size, String what) {
        return bytes(offset, new byte[size], size, what);
    }

    /** {@code size} bytes from {@code offset} into the start of {@code into} (a scan reusing one buffer); returns it. */
    public byte[] bytes(long offset, byte[] into, int size, String what) {
        require(offset, size, what);
        buffer.get((int) offset, into, 0, size);
        return into;
    }

    /**
     * A NUL-terminated string starting at {@code offset} and ending before {@code limit} (the end of its
     * string table). A string that runs into the limit without a NUL is malformed, as the kernel's own
     * readers would treat it.
     */
    public String cString(long offset, long limit, String what) {
        long end = Math.min(limit, length());
        if (offset < 0 || offset >= end) {
            throw new MalformedInputException(file, what + ": string offset outside its table", base + Math.max(offset, 0));
        }
        int start = (int) offset;
        int i = start;
        while (i < end && buffer.get(i) != 0) {
            i++;
        }
        if (i >= end) {
            throw new MalformedInputException(file, what + ": string is not NUL-terminated", base + offset);
        }
        byte[] out = new byte[i - start];
        buffer.get(start, out);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * As {@link #cString} but returns null instead of throwing, and builds no message: the fast path for
     * reading many names (a vmlinux has 130 k), with {@link #cString} called again only to report a bad one.
     */
    public String cStringOrNull(long offset, long limit) {
        long end = Math.min(limit, length());
        if (offset < 0 || offset >= end) {
            return null;
        }
        int start = (int) offset;
        int i = start;
        while (i < end && buffer.get(i) != 0) {
            i++;
        }
        if (i >= end) {
            return null;
        }
        byte[] out = new byte[i - start];
        buffer.get(start, out);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code String.hashCode()} of the C string at {@code offset} read as ISO-8859-1 (as {@link #cStringOrNull}
     * decodes it) in the low 32 bits, or -1 when {@code offset} is outside or no NUL comes before the end. With
     * {@link #cStringMatch} a string table is searched without making a {@code String} per entry.
     */
    public long cStringHash(long offset) {
        if (offset < 0 || offset >= length()) {
            return -1;
        }
        int h = 0;
        for (int i = (int) offset, end = (int) length(); i < end; i++) {
            int b = buffer.get(i) & 0xff;
            if (b == 0) {
                return h & 0xffffffffL;
            }
            h = 31 * h + b;
        }
        return -1;
    }

    /**
     * Whether the C string at {@code offset} read as ISO-8859-1 is {@code text} ({@code whole}) or starts with it:
     * 1 yes, 0 no, -1 when the bytes end before that is known (then only the decoded string can tell).
     */
    public int cStringMatch(long offset, String text, boolean whole) {
        if (offset < 0 || offset >= length()) {
            return -1;
        }
        int n = text.length();
        long end = length();
        for (int k = 0; k < n; k++) {
            if (offset + k >= end) {
                return -1;
            }
            int b = buffer.get((int) (offset + k)) & 0xff;
            if (b == 0 || b != text.charAt(k)) {
                return 0;
            }
        }
        if (!whole) {
            return 1;
        }
        return offset + n >= end ? -1 : buffer.get((int) (offset + n)) == 0 ? 1 : 0;
    }

    /** A view of {@code [offset, offset + size)} whose offsets start at zero; errors still name file offsets. */
    public ByteReader slice(long offset, long size, String what) {
        require(offset, size, what);
        ByteBuffer slice = buffer.slice((int) offset, (int) size).order(buffer.order());
        return new ByteReader(slice, file, base + offset);
    }

    /** The bytes as a read-only buffer positioned at zero (for a decoder that reads a stream, such as decompression). */
    ByteBuffer view() {
        return buffer.asReadOnlyBuffer().order(buffer.order());
    }

    /** The absolute file offset of a position in this reader (for messages). */
    public long fileOffset(long offset) {
        return base + offset;
    }
}
