package dev.klpscope.elf;

import com.github.luben.zstd.ZstdInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

/**
 * Compressed modules ({@code .ko.xz}, {@code .ko.zst}, {@code .ko.gz}), recognised by their magic bytes
 * rather than their names. Decompression stops at a size bound so that a small bomb cannot fill memory.
 */
public enum Compression {
    NONE(""),
    XZ("xz"),
    ZSTD("zstd"),
    GZIP("gzip");

    private final String label;

    Compression(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Compression detect(ByteBuffer head) {
        int n = Math.min(head.remaining(), 6);
        byte[] b = new byte[n];
        head.duplicate().get(b);
        if (n >= 6 && (b[0] & 0xff) == 0xfd && b[1] == '7' && b[2] == 'z' && b[3] == 'X' && b[4] == 'Z' && b[5] == 0) {
            return XZ;
        }
        if (n >= 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5 && (b[2] & 0xff) == 0x2f && (b[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        if (n >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        return NONE;
    }

    /**
     * Real modules expand 3-10 times (a vmlinux symbol table 5.6 times with xz); a file that expands more than
     * this many times its size, beyond {@link #RATIO_FLOOR}, is a bomb and is refused long before the absolute limit.
     */
    static final long MAX_RATIO = 256;
    /** Output always allowed whatever the ratio: a tiny module of zero-filled data may compress very well. */
    static final long RATIO_FLOOR = 64L << 20;

    /**
     * Decompresses {@code compressed}, refusing output beyond {@code limit} bytes or beyond {@link #MAX_RATIO}
     * times the compressed size (at least {@link #RATIO_FLOOR}), so that memory use stays proportional to the input.
     */
    byte[] decompress(ByteBuffer compressed, long limit, String file) {
        long bound = Math.min(limit, Math.max(RATIO_FLOOR, compressed.remaining() * MAX_RATIO));
        return decompressBounded(compressed, bound, file);
    }

    private byte[] decompressBounded(ByteBuffer compressed, long limit, String file) {
        byte[] input = new byte[compressed.remaining()];
        compressed.duplicate().get(input);
        try (InputStream in = open(new ByteArrayInputStream(input))) {
            return readBounded(in, limit, file);
        } catch (MalformedInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedInputException(file, "corrupt " + label + " data: " + describe(e));
        } catch (OutOfMemoryError e) {
            throw new MalformedInputException(file, label + " data needs more memory than is available to decompress");
        }
    }

    private InputStream open(InputStream raw) throws IOException {
        return switch (this) {
            // A 256 MiB memory limit for the xz decoder: xz -9 needs ~65 MiB; a crafted header may ask for gigabytes.
            case XZ -> new XZInputStream(raw, 256 * 1024);
            case ZSTD -> new ZstdInputStream(raw);
            case GZIP -> new GZIPInputStream(raw);
            case NONE -> raw;
        };
    }

    private byte[] readBounded(InputStream in, long limit, String file) throws IOException {
        byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(limit, 0))];
        int len = 0;
        while (true) {
            if (len == buf.length) {
                if (len >= limit) {
                    if (in.read() < 0) {
                        break;
                    }
                    throw new MalformedInputException(file, String.format(
                            "%s data expands to more than %s; refusing to decompress it further", label, size(limit)));
                }
                long next = Math.min(Math.min((long) buf.length * 2, limit), Integer.MAX_VALUE - 16);
                buf = java.util.Arrays.copyOf(buf, (int) next);
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                break;
            }
            len += n;
        }
        return java.util.Arrays.copyOf(buf, len);
    }

    private static String size(long bytes) {
        return bytes >= (1L << 20) && bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /** The decoder's own words, never a Java class name (an {@code EOFException} has no message). */
    private static String describe(Throwable e) {
        if (e instanceof java.io.EOFException) {
            return "unexpected end of the compressed data (truncated file?)";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "the decoder cannot continue" : m;
    }
}
