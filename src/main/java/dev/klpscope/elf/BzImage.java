package dev.klpscope.elf;

import java.nio.ByteBuffer;

/**
 * An x86 bzImage ({@code /boot/vmlinuz-*}): a real-mode boot sector and setup, then the protected-mode decompressor,
 * whose payload is the kernel's stripped vmlinux ELF, compressed. Layout from Documentation/arch/x86/boot.rst (the
 * boot protocol): {@code setup_sects} at 0x1f1 (0 means 4), the boot flag 0xaa55 at 0x1fe, the magic {@code "HdrS"}
 * at 0x202 and the protocol version at 0x206; from protocol 2.08 {@code payload_offset} (0x248, from the start of the
 * protected-mode code at {@code (setup_sects + 1) * 512}) and {@code payload_length} (0x24c). The payload is
 * arch/x86/boot/compressed/Makefile's {@code vmlinux.bin.<format>}: {@code vmlinux} after {@code objcopy -R .comment -S}
 * (no {@code .symtab}), then its relocations ({@code vmlinux.relocs}), compressed, then ({@code size_append}) the
 * decompressed size as a little-endian 32-bit word, which gzip's trailer holds anyway (its ISIZE). Debian compresses
 * its amd64 kernels with xz up to 6.1 and with zstd from 6.12 ({@code CONFIG_KERNEL_XZ}, {@code CONFIG_KERNEL_ZSTD}).
 *
 * @param protocol         boot protocol version, e.g. 0x020f for 2.15
 * @param payloadOffset    file offset of the compressed vmlinux
 * @param payloadLength    its length, the size word included
 * @param compression      its format, from its magic bytes
 * @param vmlinuxSize      the decompressed size the image declares (vmlinux and its relocations)
 * @param kernelVersion    the setup header's {@code kernel_version} string (arch/x86/boot/version.c: release, builder,
 *                         build number, date), or empty when the header points at none
 */
public record BzImage(int protocol, long payloadOffset, long payloadLength, Compression compression, long vmlinuxSize,
                      String kernelVersion) {

    /**
     * The vmlinux of a bzImage is stripped of symbols and debug information: 55-65 MB for Debian's 6.1 and 6.12.
     * One that declares more than this is refused before it is decompressed.
     */
    public static final long VMLINUX_LIMIT = 512L << 20;

    /** How messages and reports name the ELF inside. */
    public static final String READ_FROM = "vmlinux read from the bzImage";

    private static final int SETUP_SECTS = 0x1f1;
    private static final int BOOT_FLAG = 0x1fe;
    private static final int HEADER = 0x202;
    private static final int VERSION = 0x206;
    private static final int KERNEL_VERSION = 0x20e;
    /** version.c's string is about 120 bytes; one claiming more is not read past this. */
    private static final int KERNEL_VERSION_LIMIT = 512;
    private static final int PAYLOAD_OFFSET = 0x248;
    private static final int PAYLOAD_LENGTH = 0x24c;
    private static final int HEADER_END = 0x250;
    private static final int PAYLOAD_PROTOCOL = 0x0208;

    /** Whether the bytes start with a boot sector whose setup header carries the magic {@code "HdrS"}. */
    static boolean is(ByteBuffer head) {
        if (head.remaining() < HEADER + 4) {
            return false;
        }
        ByteBuffer b = head.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int p = b.position();
        return b.get(p + HEADER) == 'H' && b.get(p + HEADER + 1) == 'd' && b.get(p + HEADER + 2) == 'r'
                && b.get(p + HEADER + 3) == 'S';
    }

    /** Reads and checks the setup header: every field is checked against the file before it is used. */
    static BzImage read(ByteReader r) {
        String file = r.file();
        r.require(0, HEADER_END, "bzImage setup header (boot protocol 2.08 or later)");
        if (r.u16(BOOT_FLAG, "boot flag") != 0xaa55) {
            throw new MalformedInputException(file, String.format(
                    "bzImage has no boot flag 0xaa55 (found 0x%04x): not a kernel image", r.u16(BOOT_FLAG, "boot flag")), BOOT_FLAG);
        }
        int protocol = r.u16(VERSION, "boot protocol version");
        if (protocol < PAYLOAD_PROTOCOL) {
            throw new MalformedInputException(file, String.format("bzImage of boot protocol %d.%02d has no payload_offset "
                    + "(protocol 2.08 and later, Linux 2.6.26 and later)", protocol >> 8, protocol & 0xff), VERSION);
        }
        int sects = r.u8(SETUP_SECTS, "setup_sects");
        long code = (long) (sects == 0 ? 4 : sects) * 512 + 512;
        long offset = code + r.u32(PAYLOAD_OFFSET, "payload_offset");
        long length = r.u32(PAYLOAD_LENGTH, "payload_length");
        if (length < 8) { // a magic and the size word at least
            throw new MalformedInputException(file, "bzImage payload_length " + length + " is too short for a compressed "
                    + "vmlinux", PAYLOAD_LENGTH);
        }
        if (!r.fits(offset, length)) {
            throw new MalformedInputException(file, String.format("bzImage payload (%d bytes at 0x%x: payload_offset 0x%x "
                    + "after %d setup sectors) lies past the end of the file (%d bytes)", length, offset,
                    offset - code, sects, r.length()), PAYLOAD_OFFSET);
        }
        ByteReader payload = r.slice(offset, length, "bzImage payload");
        Compression compression = Compression.detect(payload.view());
        if (compression == Compression.NONE) {
            throw new MalformedInputException(file, "bzImage payload is compressed with " + unsupported(payload)
                    + "; klpscope reads xz, zstd and gzip (scripts/extract-vmlinux extracts the others)", offset);
        }
        long size = payload.u32(length - 4, "decompressed size");
        return new BzImage(protocol, offset, length, compression, size, kernelVersion(r, code));
    }

    /**
     * {@code kernel_version}: a pointer, less 0x200, to a NUL-terminated string in the setup code (boot.rst); empty when
     * it is 0, points outside the setup code or at no terminated text there.
     */
    private static String kernelVersion(ByteReader r, long setupEnd) {
        int pointer = r.u16(KERNEL_VERSION, "kernel_version");
        long at = pointer + 0x200L;
        if (pointer == 0 || at >= Math.min(setupEnd, r.length())) {
            return "";
        }
        String v = r.cStringOrNull(at, Math.min(at + KERNEL_VERSION_LIMIT, setupEnd));
        return v == null || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? "" : v;
    }

    /** The kernel release the setup header names (the first word of {@code kernel_version}), as a banner's. */
    public java.util.Optional<String> release() {
        String first = kernelVersion.split(" ", 2)[0];
        return first.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(first);
    }

    /** The formats the kernel's scripts/extract-vmlinux also knows, by their magic, to name what cannot be read. */
    private static String unsupported(ByteReader payload) {
        int b0 = payload.u8(0, "payload magic");
        int b1 = payload.u8(1, "payload magic");
        int b2 = payload.u8(2, "payload magic");
        int b3 = payload.u8(3, "payload magic");
        if (b0 == 'B' && b1 == 'Z' && b2 == 'h') {
            return "bzip2";
        }
        if (b0 == 0x5d && b1 == 0 && b2 == 0) {
            return "lzma";
        }
        if (b0 == 0x89 && b1 == 'L' && b2 == 'Z' && b3 == 'O') {
            return "lzo";
        }
        if (b0 == 0x02 && b1 == 0x21 && b2 == 0x4c && b3 == 0x18) {
            return "lz4";
        }
        return String.format("an unknown format (magic %02x %02x %02x %02x)", b0, b1, b2, b3);
    }

    /**
     * The payload decompressed: the vmlinux ELF, followed by its relocations. Refused past {@code limit} (and
     * {@link #VMLINUX_LIMIT}) before decompressing when the declared size says so, while decompressing otherwise;
     * a stream that ends short of or past the declared size is corrupt.
     */
    byte[] vmlinux(ByteReader r, long limit) {
        String file = r.file();
        long bound = Math.min(limit, VMLINUX_LIMIT);
        String where = compression.label() + " payload of the bzImage";
        if (vmlinuxSize > bound) {
            throw new MalformedInputException(file, String.format("%s declares a vmlinux of %d bytes, more than the %d "
                    + "klpscope decompresses", where, vmlinuxSize, bound), payloadOffset + payloadLength - 4);
        }
        // gzip's own trailer ends with the size; the other formats are followed by size_append's word
        long stream = compression == Compression.GZIP ? payloadLength : payloadLength - 4;
        byte[] out;
        try {
            // bounded by the declared size: a stream that expands past it is refused as soon as it does
            out = compression.decompress(r.slice(payloadOffset, stream, "bzImage payload").view(), vmlinuxSize, file);
        } catch (MalformedInputException e) {
            throw new MalformedInputException(file, where + ": " + e.problem(), payloadOffset);
        }
        if (out.length != vmlinuxSize) {
            throw new MalformedInputException(file, String.format("%s decompresses to %d bytes, but the image declares %d: "
                    + "the payload is corrupt or truncated", where, out.length, vmlinuxSize), payloadOffset);
        }
        return out;
    }
}
