package dev.klpscope.module.code;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a symbol comes from: its compilation unit (the {@code STT_FILE} entry that precedes each unit's local
 * symbols in {@code .symtab}, as {@code ld} and {@code as} write it), the unit's other local names, and its
 * neighbours in its section. What tells two same-named statics apart across builds.
 */
public final class Provenance {

    private Provenance() {
    }

    /** The unit's file name ({@code fib_trie.c}), for a local symbol after an {@code STT_FILE}; empty for globals or without one. */
    public static Optional<String> unit(KernelObject o, Symbol s) {
        int f = fileIndex(o.image(), s);
        return f < 0 ? Optional.empty() : Optional.of(o.image().symbols().get(f).name());
    }

    /** The names of the other functions and variables of the symbol's unit (compiler numbering dropped). */
    public static Set<String> unitLocals(KernelObject o, Symbol s) {
        int f = fileIndex(o.image(), s);
        if (f < 0) {
            return Set.of();
        }
        List<Symbol> all = o.image().symbols();
        Set<String> out = new HashSet<>();
        for (int i = f + 1; i < all.size() && all.get(i).type() != Symbol.STT_FILE && all.get(i).isLocal(); i++) {
            Symbol t = all.get(i);
            if (i != s.index() && (t.isFunction() || t.isObject()) && !t.name().equals(s.name())) {
                out.add(Names.stem(t.name()));
            }
        }
        return out;
    }

    /**
     * The names of the function or variable just before and just after it in its section (address order;
     * {@code ^} and {@code $} at the section's ends), compiler numbering dropped.
     */
    public static List<String> neighbours(KernelObject o, Symbol s) {
        if (s.isUndefined() || s.sectionIndex() >= Symbol.SHN_LORESERVE || s.sectionIndex() >= o.image().sections().size()) {
            return List.of("?", "?");
        }
        CodeIndex index = CodeIndex.of(o.image());
        CodeIndex.Symbols in = index.symbols(s.sectionIndex());
        long at = index.offsetInSection(s);
        String before = "^";
        String after = "$";
        Symbol[] e = in.entries();
        long[] offsets = in.at();
        int i = java.util.Arrays.binarySearch(offsets, at);
        i = i < 0 ? -i - 1 : i;
        while (i > 0 && offsets[i - 1] >= at) {
            i--; // binarySearch finds any of equal offsets
        }
        for (int j = i - 1; j >= 0; j--) {
            if (e[j].isFunction() || e[j].isObject()) {
                before = Names.stem(e[j].name());
                break;
            }
        }
        for (int j = i; j < e.length; j++) {
            if (offsets[j] > at && (e[j].isFunction() || e[j].isObject())) {
                after = Names.stem(e[j].name());
                break;
            }
        }
        return List.of(before, after);
    }

    private static int fileIndex(ElfImage image, Symbol s) {
        if (!s.isLocal()) {
            return -1;
        }
        int[] files = image.derived(UnitIndex.class, i -> new UnitIndex(files(i))).files();
        return s.index() >= 0 && s.index() < files.length ? files[s.index()] : -1;
    }

    /** Per symbol-table entry, the index of its unit's {@code STT_FILE} entry (-1: none). */
    private record UnitIndex(int[] files) {
    }

    /** For each symbol-table entry, the index of the {@code STT_FILE} entry before it, or -1. */
    private static int[] files(ElfImage image) {
        List<Symbol> all = image.symbols();
        int[] out = new int[all.size()];
        int current = -1;
        for (int i = 0; i < out.length; i++) {
            Symbol s = all.get(i);
            if (s.type() == Symbol.STT_FILE) {
                current = s.isLocal() ? i : -1;
            } else if (!s.isLocal()) {
                current = -1; // globals follow every local: they name no unit
            }
            out[i] = current;
        }
        return out;
    }
}
