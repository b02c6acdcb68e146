package dev.klpscope.module.types;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.MalformedInputException;

/**
 * {@code struct btf_header} (include/uapi/linux/btf.h), checked as the kernel's {@code btf_parse_hdr()} and
 * {@code btf_check_sec_info()} (kernel/bpf/btf.c) check it: magic, version 1, no flags, a header length the reader
 * knows (bytes past the fields it knows must be zero), and the type, string and (7.x) layout sections inside the
 * data after the header, the type section 4-byte aligned, none overlapping.
 *
 * <p>All section offsets are relative to the end of the header ({@code hdrLen}).
 */
record BtfHeader(long hdrLen, long typeOff, long typeLen, long strOff, long strLen, long layoutOff, long layoutLen) {

    static final int MAGIC = 0xEB9F;
    /** magic..str_len: the header of every kernel up to 6.x. */
    static final int MIN_LEN = 24;
    /** With layout_off and layout_len (7.x). */
    static final int LAYOUT_LEN = 32;

    static BtfHeader read(ByteReader r, String what) {
        String file = r.file();
        if (r.length() < MIN_LEN) {
            throw new MalformedInputException(file, what + ": " + r.length() + " bytes, shorter than a BTF header (24 bytes)",
                    r.fileOffset(0));
        }
        int magic = r.u16(0, what + " magic");
        if (magic != MAGIC) {
            throw new MalformedInputException(file, String.format("%s: bad magic 0x%04x (BTF has 0xeb9f)", what, magic), r.fileOffset(0));
        }
        int version = r.u8(2, what + " version");
        if (version != 1) {
            throw new MalformedInputException(file, what + ": BTF version " + version + " (only version 1 exists)", r.fileOffset(2));
        }
        int flags = r.u8(3, what + " flags");
        if (flags != 0) {
            throw new MalformedInputException(file, String.format("%s: header flags 0x%x (the kernel accepts none)", what, flags),
                    r.fileOffset(3));
        }
        long hdrLen = r.u32(4, what + " hdr_len");
        if (hdrLen < MIN_LEN || hdrLen > r.length()) {
            throw new MalformedInputException(file, what + ": hdr_len " + hdrLen + " is outside 24.." + r.length(), r.fileOffset(4));
        }
        int known = hdrLen >= LAYOUT_LEN ? LAYOUT_LEN : MIN_LEN;
        for (long at = known; at < hdrLen; at++) {
            if (r.u8(at, what + " header") != 0) {
                throw new MalformedInputException(file, what + ": header is " + hdrLen
                        + " bytes with unknown non-zero fields (a newer BTF than this reader knows)", r.fileOffset(at));
            }
        }
        BtfHeader h = new BtfHeader(hdrLen, r.u32(8, what + " type_off"), r.u32(12, what + " type_len"),
                r.u32(16, what + " str_off"), r.u32(20, what + " str_len"),
                known == LAYOUT_LEN ? r.u32(24, what + " layout_off") : 0, known == LAYOUT_LEN ? r.u32(28, what + " layout_len") : 0);
        h.check(r, what);
        return h;
    }

    private void check(ByteReader r, String what) {
        long body = r.length() - hdrLen;
        String file = r.file();
        if (typeOff % 4 != 0) {
            throw new MalformedInputException(file, what + ": type section at " + typeOff + " is not 4-byte aligned", r.fileOffset(8));
        }
        section(r, what, "type section", typeOff, typeLen, body, 8);
        section(r, what, "string section", strOff, strLen, body, 16);
        section(r, what, "layout section", layoutOff, layoutLen, body, 24);
        if (overlap(typeOff, typeLen, strOff, strLen) || overlap(typeOff, typeLen, layoutOff, layoutLen)
                || overlap(strOff, strLen, layoutOff, layoutLen)) {
            throw new MalformedInputException(file, what + ": its type, string and layout sections overlap", r.fileOffset(8));
        }
        if (typeLen % 4 != 0) {
            throw new MalformedInputException(file, what + ": type section length " + typeLen + " is not a multiple of 4",
                    r.fileOffset(12));
        }
    }

    private static void section(ByteReader r, String what, String name, long off, long len, long body, int field) {
        if (off > body || len > body - off) {
            throw new MalformedInputException(r.file(), String.format("%s: %s [%d, +%d) extends past the end of the BTF data (%d bytes after the header)",
                    what, name, off, len, body), r.fileOffset(field));
        }
    }

    private static boolean overlap(long aOff, long aLen, long bOff, long bLen) {
        return aLen > 0 && bLen > 0 && aOff < bOff + bLen && bOff < aOff + aLen;
    }
}
