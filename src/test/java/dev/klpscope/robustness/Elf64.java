package dev.klpscope.robustness;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A mutable copy of a little-endian ELF64 sample with just enough structure knowledge to break it on purpose:
 * header fields, section headers by name, symbols and relocations. Independent of the readers under test.
 */
final class Elf64 {

    final byte[] b;
    private final ByteBuffer buf;

    Elf64(byte[] bytes) {
        this.b = bytes.clone();
        this.buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (b[4] != 2 || b[5] != 1) {
            throw new IllegalArgumentException("sample is not ELF64 little-endian");
        }
    }

    long shoff() {
        return buf.getLong(0x28);
    }

    int shnum() {
        return Short.toUnsignedInt(buf.getShort(0x3c));
    }

    int shstrndx() {
        return Short.toUnsignedInt(buf.getShort(0x3e));
    }

    int header(int section) {
        return (int) (shoff() + 64L * section);
    }

    long offset(int section) {
        return buf.getLong(header(section) + 24);
    }

    long size(int section) {
        return buf.getLong(header(section) + 32);
    }

    int link(int section) {
        return buf.getInt(header(section) + 40);
    }

    /** File offset of a section's name in {@code .shstrtab}. */
    int sectionNameAt(int section) {
        return (int) offset(shstrndx()) + buf.getInt(header(section));
    }

    String name(int section) {
        int at = sectionNameAt(section);
        int end = at;
        while (b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.ISO_8859_1);
    }

    int section(String name) {
        for (int i = 0; i < shnum(); i++) {
            if (name(i).equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no section " + name);
    }

    int sectionStartingWith(String prefix) {
        for (int i = 0; i < shnum(); i++) {
            if (name(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no section " + prefix + "*");
    }

    /** The index of the first symbol whose name starts with {@code prefix}. */
    int symbol(String prefix) {
        int symtab = section(".symtab");
        int strtab = link(symtab);
        long n = size(symtab) / 24;
        for (int i = 0; i < n; i++) {
            int at = (int) (offset(symtab) + 24L * i);
            int name = (int) offset(strtab) + buf.getInt(at);
            if (new String(b, name, Math.min(prefix.length(), b.length - name), StandardCharsets.ISO_8859_1).equals(prefix)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no symbol " + prefix + "*");
    }

    int symbolEntry(int index) {
        return (int) (offset(section(".symtab")) + 24L * index);
    }

    /** File offset of the {@code st_name} string of symbol {@code index}. */
    int symbolNameAt(int index) {
        return (int) offset(link(section(".symtab"))) + buf.getInt(symbolEntry(index));
    }

    Elf64 u8(int at, int v) {
        b[at] = (byte) v;
        return this;
    }

    Elf64 u16(int at, int v) {
        buf.putShort(at, (short) v);
        return this;
    }

    Elf64 u32(int at, long v) {
        buf.putInt(at, (int) v);
        return this;
    }

    Elf64 u64(int at, long v) {
        buf.putLong(at, v);
        return this;
    }

    /** Overwrites bytes at {@code at} with an ASCII string of the same length as what it replaces. */
    Elf64 ascii(int at, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(bytes, 0, b, at, bytes.length);
        return this;
    }

    /** Replaces every NUL in a section's contents (but the leading one) with {@code 'A'}. */
    Elf64 unterminate(int section) {
        int from = (int) offset(section);
        for (int i = from + 1; i < from + size(section); i++) {
            if (b[i] == 0) {
                b[i] = 'A';
            }
        }
        return this;
    }

    byte[] bytes() {
        return b.clone();
    }

    byte[] truncated(long length) {
        return Arrays.copyOf(b, (int) length);
    }
}
