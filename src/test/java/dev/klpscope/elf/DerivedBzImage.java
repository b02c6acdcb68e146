package dev.klpscope.elf;

import com.github.luben.zstd.ZstdOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPOutputStream;

/**
 * A minimal x86 bzImage built around a given ELF, for tests: a real one is megabytes. Derived, not real: the setup
 * header holds only the fields klpscope reads, with the values of Debian's 6.12.95 vmlinuz where they are not sizes
 * (boot flag 0xaa55, "HdrS", protocol 2.15), one setup sector instead of 39, a few bytes of stand-in decompressor code
 * before the payload, and the payload made as arch/x86/boot/compressed/Makefile makes it (the stream, then for formats
 * other than gzip the decompressed size as a little-endian word, size_append).
 */
public final class DerivedBzImage {

    /** Where the payload starts in the protected-mode code (Debian's 6.12.95: 0x4ecc after 39 setup sectors). */
    public static final int PAYLOAD_OFFSET = 0x40;
    /** setup_sects: the protected-mode code starts at (1 + 1) * 512. */
    public static final int SETUP_SECTS = 1;
    public static final int CODE = (SETUP_SECTS + 1) * 512;
    /** Debian's 6.12.95 kernel_version string, placed at 0x300 (its own is at 0x44c0, in setup code this image lacks). */
    public static final String KERNEL_VERSION = "6.12.95+deb12-amd64 (debian-kernel@lists.debian.org) #1 SMP PREEMPT_DYNAMIC "
            + "Debian 6.12.95-1~bpo12+1 (2026-07-05)";

    private DerivedBzImage() {
    }

    /** {@code elf} compressed with {@code c} (not NONE), wrapped, declaring its true size. */
    public static byte[] of(byte[] elf, Compression c) {
        return wrap(compress(c, elf), c == Compression.GZIP ? -1 : elf.length, 0x020f);
    }

    /**
     * A bzImage whose payload is {@code stream}, followed by {@code declared} as the size word unless it is negative
     * (gzip: its trailer holds the size), with boot protocol {@code protocol}.
     */
    public static byte[] wrap(byte[] stream, long declared, int protocol) {
        int payload = stream.length + (declared < 0 ? 0 : 4);
        ByteBuffer b = ByteBuffer.allocate(CODE + PAYLOAD_OFFSET + payload).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1f1, (byte) SETUP_SECTS);
        b.putShort(0x1fe, (short) 0xaa55);
        b.put(0x202, new byte[] {'H', 'd', 'r', 'S'});
        b.putShort(0x206, (short) protocol);
        b.putShort(0x20e, (short) (0x300 - 0x200));
        b.put(0x300, KERNEL_VERSION.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt(0x248, PAYLOAD_OFFSET);
        b.putInt(0x24c, payload);
        for (int i = CODE; i < CODE + PAYLOAD_OFFSET; i++) {
            b.put(i, (byte) 0x90); // stand-in for the decompressor's code: nop
        }
        b.put(CODE + PAYLOAD_OFFSET, stream);
        if (declared >= 0) {
            b.putInt(CODE + PAYLOAD_OFFSET + stream.length, (int) declared);
        }
        return b.array();
    }

    public static byte[] compress(Compression c, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = switch (c) {
            case XZ -> new XZOutputStream(bytes, new LZMA2Options());
            case ZSTD -> new ZstdOutputStream(bytes);
            case GZIP -> new GZIPOutputStream(bytes);
            case NONE -> bytes;
        }) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
