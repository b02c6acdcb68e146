package dev.klpscope.elf;

import java.util.ArrayList;
import java.util.List;

/** Decodes {@code SHT_RELA} and {@code SHT_REL} sections; the entry size comes from the class, not {@code sh_entsize}. */
final class RelocationReader {

    private RelocationReader() {
    }

    static List<Relocation> read(ElfImage image, Section section) {
        boolean is64 = image.header().is64();
        boolean rela = section.type() == Section.SHT_RELA;
        if (!rela && section.type() != Section.SHT_REL) {
            throw new MalformedInputException(image.file(), "section " + section.name() + " is not a relocation section");
        }
        int entrySize = (is64 ? 8 : 4) * (rela ? 3 : 2);
        ByteReader r = image.data(section);
        long count = r.length() / entrySize;
        List<Relocation> out = new ArrayList<>((int) count);
        boolean mips64el = is64 && image.header().machine() == 8;
        // count * entrySize <= length, so no read below can fail: one description for all entries instead of
        // a "<section> entry N" string built for each of amdgpu's 320 k relocations.
        String what = section.name() + " entry";
        for (long i = 0; i < count; i++) {
            long at = i * entrySize;
            long offset = r.word(at, is64, what);
            long info = r.word(at + (is64 ? 8 : 4), is64, what);
            long addend = rela ? r.signedWord(at + (is64 ? 16 : 8), is64, what) : 0;
            int sym;
            int type;
            if (is64 && !mips64el) {
                sym = symbolIndex(info >>> 32);
                type = (int) (info & 0xffffffffL);
            } else if (is64) {
                sym = symbolIndex(info & 0xffffffffL);
                type = (int) ((info >>> 56) & 0xff);
            } else {
                sym = (int) (info >>> 8);
                type = (int) (info & 0xff);
            }
            out.add(new Relocation(offset, type, sym, addend));
        }
        return out;
    }

    /**
     * ELF64 symbol indices are unsigned 32-bit; one above {@code Integer.MAX_VALUE} is out of range for any symbol
     * table, so it is kept as {@code Integer.MAX_VALUE} rather than wrapping negative past every range check.
     */
    private static int symbolIndex(long index) {
        return (int) Math.min(index, Integer.MAX_VALUE);
    }
}
