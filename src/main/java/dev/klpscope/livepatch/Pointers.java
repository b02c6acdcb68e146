package dev.klpscope.livepatch;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pointer fields of data structures in an unlinked module: the bytes are zero and the value lives in the
 * relocation that targets the field. This maps (section, offset) to where the pointer points.
 */
final class Pointers {

    /** Where a pointer field points: a symbol, or a section plus offset for section-relative relocations. */
    record Target(Symbol symbol, int section, long offset) {
        boolean isDefined() {
            return section > 0;
        }
    }

    private final ElfImage image;
    private final List<Symbol> symbols;
    private final Map<Long, Relocation> bySite = new HashMap<>();
    /** Sites of {@code SHT_REL} relocations (i386): their addend is the field's own bytes. */
    private final java.util.Set<Long> implicitAddend = new java.util.HashSet<>();

    Pointers(ElfImage image) {
        this.image = image;
        this.symbols = image.symbols();
        for (Section s : image.sections()) {
            if (s.type() != Section.SHT_RELA || s.hasFlag(Section.SHF_RELA_LIVEPATCH) || s.isDebug()) {
                continue;
            }
            if (s.info() <= 0 || s.info() >= image.sections().size()) {
                continue;
            }
            for (Relocation r : image.relocations(s)) {
                bySite.put(key((int) s.info(), r.offset()), r);
            }
        }
        for (Section s : image.sections()) {
            if (s.type() != Section.SHT_REL || s.isDebug() || s.info() <= 0 || s.info() >= image.sections().size()) {
                continue;
            }
            for (Relocation r : image.relocations(s)) {
                bySite.put(key((int) s.info(), r.offset()), r);
                implicitAddend.add(key((int) s.info(), r.offset()));
            }
        }
    }

    private static long key(int section, long offset) {
        return ((long) section << 40) ^ offset;
    }

    boolean has(int section, long offset) {
        return bySite.containsKey(key(section, offset));
    }

    Optional<Target> at(int section, long offset) {
        Relocation r = bySite.get(key(section, offset));
        if (r == null || r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size()) {
            return Optional.empty();
        }
        Symbol s = symbols.get(r.symbolIndex());
        int shndx = s.sectionIndex();
        long addend = implicitAddend.contains(key(section, offset)) ? signedWord(section, offset) : r.addend();
        if (shndx == Symbol.SHN_UNDEF || shndx >= Symbol.SHN_LORESERVE || shndx >= image.sections().size()) {
            return Optional.of(new Target(s, 0, addend));
        }
        return Optional.of(new Target(s, shndx, s.value() + addend));
    }

    /** Any pointer in {@code [from, to)} of a section. */
    boolean anyIn(int section, long from, long to) {
        for (long o = from; o < to; o += 1) {
            if (has(section, o)) {
                return true;
            }
        }
        return false;
    }

    /** The NUL-terminated string a pointer points at. */
    Optional<String> string(Target t) {
        if (!t.isDefined()) {
            return Optional.empty();
        }
        Section sec = image.section(t.section());
        if (!sec.occupiesFile() || t.offset() < 0 || t.offset() >= sec.size()) {
            return Optional.empty();
        }
        return Optional.of(image.string(sec, t.offset()));
    }

    /** The function symbol a pointer points at (the entry of {@code new_func}). */
    Optional<Symbol> function(Target t) {
        if (!t.isDefined()) {
            return Optional.ofNullable(t.symbol().name().isEmpty() ? null : t.symbol());
        }
        return symbols.stream()
                .filter(s -> s.sectionIndex() == t.section() && s.value() == t.offset() && s.isFunction())
                .findFirst();
    }

    /** A function-pointer field: the function's name, {@code "?"} when set but not a function symbol, empty when NULL. */
    Optional<String> functionPointer(int section, long offset) {
        if (!has(section, offset)) {
            return Optional.empty();
        }
        return Optional.of(at(section, offset).flatMap(this::function).map(Symbol::name).orElse("?"));
    }

    /** {@code struct klp_callbacks} at (section, offset): four function pointers, pre/post patch then pre/post unpatch. */
    Callbacks callbacks(int section, long offset) {
        int p = pointerSize();
        return new Callbacks(functionPointer(section, offset), functionPointer(section, offset + p),
                functionPointer(section, offset + 2L * p), functionPointer(section, offset + 3L * p));
    }

    /** A named data symbol starting exactly at (section, offset): gives an array's size. */
    Optional<Symbol> objectAt(int section, long offset) {
        return symbols.stream()
                .filter(s -> s.sectionIndex() == section && s.value() == offset && s.isObject() && s.size() > 0)
                .findFirst();
    }

    long word(int section, long offset) {
        Section sec = image.section(section);
        if (!sec.occupiesFile()) {
            return 0;
        }
        return image.data(sec).word(offset, image.header().is64(), "field in " + sec.name());
    }

    /** A REL relocation's implicit addend: the pointer-sized field it patches, sign-extended. */
    private long signedWord(int section, long offset) {
        Section sec = image.section(section);
        if (!sec.occupiesFile() || offset < 0 || offset + pointerSize() > sec.size()) {
            return 0;
        }
        return image.data(sec).signedWord(offset, image.header().is64(), "field in " + sec.name());
    }

    long u32(int section, long offset) {
        Section sec = image.section(section);
        return sec.occupiesFile() ? image.data(sec).u32(offset, "field in " + sec.name()) : 0;
    }

    int pointerSize() {
        return image.header().is64() ? 8 : 4;
    }

    ElfImage image() {
        return image;
    }
}
