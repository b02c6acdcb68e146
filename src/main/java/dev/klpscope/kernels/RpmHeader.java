package dev.klpscope.kernels;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.MalformedInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The front of an RPM package, read just far enough to find the payload: the 96-byte lead, the signature header
 * (padded to 8 bytes) and the main header, whose string tags name the payload's format and compressor.
 *
 * <p>A header structure ({@code rpm/lib/header.c}, {@code headerImport}) is an 8-byte magic-and-reserved field,
 * the index entry count and the data size (big-endian), {@code count} index entries of 16 bytes (tag, type,
 * offset, count), then the data. The two counts are checked against rpm's own limits ({@code hdrchkTags},
 * {@code hdrchkData}: 0xffff entries, 256 MiB of data) and against klpscope's smaller bound before anything is
 * read, and every entry and string is read through {@link ByteReader}, so a corrupt header costs at most
 * {@link #MAX_HEADER} bytes and never reads outside what it declares.
 *
 * <p>Why not a library: Commons Compress reads the cpio payload but not the RPM header, and the one maintained RPM
 * reader on Maven Central (Eclipse Packager's {@code packager-rpm}) carries an OpenPGP stack for signing; klpscope
 * needs two string tags.
 */
final class RpmHeader {

    static final byte[] LEAD_MAGIC = {(byte) 0xed, (byte) 0xab, (byte) 0xee, (byte) 0xdb};
    private static final byte[] HEADER_MAGIC = {(byte) 0x8e, (byte) 0xad, (byte) 0xe8, 0x01};
    private static final int LEAD_SIZE = 96;
    private static final int INTRO_SIZE = 16;
    private static final int ENTRY_SIZE = 16;
    private static final long MAX_ENTRIES = 0xffff;
    /** rpm allows 256 MiB of header data; kernel packages have a few MiB (the file list). */
    static final long MAX_HEADER = 64L << 20;
    private static final int TAG_NAME = 1000;
    private static final int TAG_PAYLOADFORMAT = 1124;
    private static final int TAG_PAYLOADCOMPRESSOR = 1125;
    private static final int TYPE_STRING = 6;

    private final Map<Integer, String> strings;

    private RpmHeader(Map<Integer, String> strings) {
        this.strings = strings;
    }

    /** Package name ({@code NAME}), if the header has it. */
    Optional<String> name() {
        return Optional.ofNullable(strings.get(TAG_NAME));
    }

    /** {@code cpio} for every payload rpm writes; anything else is refused by the caller. */
    String payloadFormat() {
        return strings.getOrDefault(TAG_PAYLOADFORMAT, "cpio");
    }

    Optional<String> payloadCompressor() {
        return Optional.ofNullable(strings.get(TAG_PAYLOADCOMPRESSOR));
    }

    /** Reads the lead and both headers from {@code in}, leaving it at the first payload byte. */
    static RpmHeader read(InputStream in, String file) throws IOException {
        byte[] lead = readFully(in, LEAD_SIZE, file, "the RPM lead", 0);
        for (int i = 0; i < LEAD_MAGIC.length; i++) {
            if (lead[i] != LEAD_MAGIC[i]) {
                throw new MalformedInputException(file, "not an RPM package (no lead magic)", 0);
            }
        }
        long offset = LEAD_SIZE;
        Structure signature = readStructure(in, file, "signature header", offset);
        offset += signature.length;
        long padding = (8 - offset % 8) % 8;
        readFully(in, (int) padding, file, "signature header padding", offset);
        offset += padding;
        Structure main = readStructure(in, file, "main header", offset);
        return new RpmHeader(main.strings);
    }

    private record Structure(long length, Map<Integer, String> strings) {
    }

    private static Structure readStructure(InputStream in, String file, String what, long at) throws IOException {
        ByteReader intro = ByteReader.of(readFully(in, INTRO_SIZE, file, what, at), ByteOrder.BIG_ENDIAN, file);
        for (int i = 0; i < HEADER_MAGIC.length; i++) {
            if ((byte) intro.u8(i, what + " magic") != HEADER_MAGIC[i]) {
                throw new MalformedInputException(file, what + ": bad magic", at);
            }
        }
        long count = intro.u32(8, what + " index count");
        long dataSize = intro.u32(12, what + " data size");
        if (count > MAX_ENTRIES || count * ENTRY_SIZE + dataSize > MAX_HEADER) {
            throw new MalformedInputException(file, String.format("%s declares %d entries and %d bytes of data, "
                    + "more than any real package (at most %d MiB)", what, count, dataSize, MAX_HEADER >> 20), at);
        }
        int bodySize = (int) (count * ENTRY_SIZE + dataSize);
        long bodyAt = at + INTRO_SIZE;
        ByteReader body = ByteReader.of(readFully(in, bodySize, file, what, bodyAt), ByteOrder.BIG_ENDIAN, file);
        long dataStart = count * ENTRY_SIZE;
        Map<Integer, String> strings = new HashMap<>();
        for (long i = 0; i < count; i++) {
            long entry = i * ENTRY_SIZE;
            int tag = (int) body.u32(entry, what + " entry tag");
            long type = body.u32(entry + 4, what + " entry type");
            long offset = body.u32(entry + 8, what + " entry offset");
            if (type == TYPE_STRING && (tag == TAG_NAME || tag == TAG_PAYLOADFORMAT || tag == TAG_PAYLOADCOMPRESSOR)) {
                if (offset >= dataSize) {
                    throw new MalformedInputException(file, what + ": tag " + tag + " points past the header data",
                            bodyAt + entry);
                }
                strings.put(tag, body.cString(dataStart + offset, dataStart + dataSize, what + " tag " + tag));
            }
        }
        return new Structure(INTRO_SIZE + bodySize, strings);
    }

    private static byte[] readFully(InputStream in, int size, String file, String what, long at) throws IOException {
        byte[] bytes = in.readNBytes(size);
        if (bytes.length < size) {
            throw new MalformedInputException(file, String.format("%s (%d bytes) extends past the end of the file",
                    what, size), at);
        }
        return bytes;
    }
}
