package dev.klpscope.kernels;

import dev.klpscope.elf.MalformedInputException;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The compressed stream inside a package ({@code data.tar.xz}, {@code .zst}, {@code .gz}, an RPM payload), opened
 * by its magic bytes (names and header tags can lie) through Commons Compress, which decodes xz with
 * {@code org.tukaani:xz} and zstd with {@code zstd-jni}, and bounded by {@link BoundedStream}.
 */
final class Payloads {

    private Payloads() {
    }

    /**
     * Real kernel packages expand 5-7 times ({@code linux-image} 70 MB → 397 MB, {@code -dbg} 0.86 GB → 5.4 GB);
     * past this many times the package's size (and past {@link #FLOOR}) the stream is a bomb.
     */
    static final long MAX_RATIO = 64;
    /** Always allowed: a small package of well-compressing objects. */
    static final long FLOOR = 64L << 20;
    /** Never more, whatever the package's size. */
    static final long CEILING = 64L << 30;
    /**
     * xz streams needing more decoder memory than this are refused: {@code xz -9} needs 65 MiB (its 64 MiB dictionary),
     * Debian's {@code xz -6} 9 MiB; with two packages decoded at once the heap stays within 256 MiB.
     */
    private static final int XZ_MEMORY_LIMIT_KIB = 72 << 10;

    /**
     * A failure while reading {@code member} as the one line naming it: bad input (truncated, corrupt, refused by
     * the archive library) becomes a {@link MalformedInputException}; anything already one passes through.
     */
    static MalformedInputException inMember(Exception e, String file, String member) {
        if (e instanceof MalformedInputException m) {
            return m;
        }
        String what = e instanceof java.io.EOFException ? "ends early (truncated)"
                : e.getMessage() == null || e.getMessage().isBlank() ? "corrupt (" + e.getClass().getSimpleName() + ")"
                : e.getMessage();
        return new MalformedInputException(file, "member " + member + ": " + what);
    }

    static long budget(long packageSize) {
        return Math.min(CEILING, Math.max(FLOOR, packageSize * MAX_RATIO));
    }

    /**
     * {@code raw} decompressed as its first bytes say (xz, zstd, gzip or none), counted against {@code budget}.
     */
    static InputStream open(InputStream raw, long budget, String file, String member) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 1 << 16);
        in.mark(8);
        byte[] head = in.readNBytes(6);
        in.reset();
        InputStream decoded;
        if (head.length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0) {
            decoded = new XZCompressorInputStream(in, true, XZ_MEMORY_LIMIT_KIB);
        } else if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            decoded = new ZstdCompressorInputStream(in);
        } else if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            decoded = GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
        } else if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            throw new MalformedInputException(file, "member " + member
                    + " is bzip2-compressed, which klpscope does not read (xz, zstd, gzip or none)");
        } else {
            decoded = in;
        }
        // The archive readers read 512-byte headers and skip unwanted members in small reads; each read of the xz
        // decoder passes its layers and CRC once, so it gets 64 KiB at a time (docs/performance.md, issue 14).
        return new BufferedInputStream(new BoundedStream(decoded, budget, file, member), 1 << 16);
    }
}
