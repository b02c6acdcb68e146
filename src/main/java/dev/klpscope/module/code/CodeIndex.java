package dev.klpscope.module.code;

import dev.klpscope.elf.ElfHeader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.RelocationTable;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per object, built on first use and kept while the object lives: the relocations that apply to each section
 * sorted by section offset, and each section's named symbols sorted by offset (what a reference reaches).
 * A vmlinux with {@code --emit-relocs} has 400 k relocations in {@code .rela.text}: sorted once, searched per function.
 */
public final class CodeIndex {

    private final ElfImage image;
    private final boolean linked;
    private final Map<Integer, Relocations> relocations = new ConcurrentHashMap<>();
    private final Map<Integer, Symbols> symbols = new ConcurrentHashMap<>();
    private volatile Map<Integer, Functions> functions;
    private final List<Section> byAddress;
    private volatile Map<Long, Symbol> labels;

    private CodeIndex(ElfImage image) {
        this.image = image;
        this.linked = image.header().type() != ElfHeader.ET_REL;
        this.byAddress = image.sections().stream()
                .filter(s -> s.isAlloc() && s.size() > 0 && s.address() != 0)
                .sorted(Comparator.comparingLong(Section::address))
                .toList();
    }

    public static CodeIndex of(ElfImage image) {
        return image.derived(CodeIndex.class, CodeIndex::new);
    }

    ElfImage image() {
        return image;
    }

    boolean linked() {
        return linked;
    }

    /** A symbol's value as an offset in its section (linked images hold addresses). */
    long offsetInSection(Symbol s) {
        if (!linked || s.sectionIndex() >= image.sections().size()) {
            return s.value();
        }
        return s.value() - image.section(s.sectionIndex()).address();
    }

    /** The allocated section holding a linked image's address; -1 if none. */
    int sectionAt(long address) {
        int lo = 0;
        int hi = byAddress.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(byAddress.get(mid).address(), address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        for (int i = found; i >= 0 && i >= found - 4; i--) { // a few sections may share an address range's start
            Section s = byAddress.get(i);
            if (Long.compareUnsigned(address - s.address(), s.size()) < 0) {
                return s.index();
            }
        }
        return -1;
    }

    /** A linked image's named symbol defined at exactly {@code address} (functions and variables first), or null. */
    Symbol labelAt(long address) {
        Map<Long, Symbol> l = labels;
        if (l == null) {
            Map<Long, Symbol> at = new java.util.HashMap<>();
            for (Symbol s : image.symbols()) {
                if (!s.name().isEmpty() && s.type() != Symbol.STT_SECTION && s.type() != Symbol.STT_FILE && !s.isUndefined()
                        && !s.name().startsWith(".L")) {
                    at.merge(s.value(), s, (a, b) -> !(a.isFunction() || a.isObject()) && (b.isFunction() || b.isObject()) ? b : a);
                }
            }
            labels = l = at;
        }
        return l.get(address);
    }

    /** The relocation (ordinary or livepatch) whose field starts at {@code offset} of a section. */
    public Optional<Relocation> relocationAt(int section, long offset) {
        return Optional.ofNullable(relocations(section).at(offset));
    }

    /**
     * The function whose extent (at least its first byte) holds {@code offset} of a section: of several, the
     * lowest-addressed, then the first in the symbol table.
     */
    public Optional<Symbol> functionAt(int section, long offset) {
        Map<Integer, Functions> f = functions;
        if (f == null) {
            functions = f = indexFunctions();
        }
        Functions in = f.get(section);
        return in == null ? Optional.empty() : Optional.ofNullable(in.containing(offset));
    }

    Relocations relocations(int section) {
        return relocations.computeIfAbsent(section, this::indexRelocations);
    }

    Symbols symbols(int section) {
        return symbols.computeIfAbsent(section, this::indexSymbols);
    }

    /**
     * The relocations that write into section {@code target}, by offset: only their {@code r_offset}s are read here
     * (a {@code -dbg} vmlinux's {@code .rela.text} has millions); an entry is decoded when a function's code asks.
     */
    private Relocations indexRelocations(int target) {
        List<RelocationTable> tables = new ArrayList<>();
        for (Section s : image.sections()) {
            if (s.isRelocation() && s.info() == target && !s.isDebug()) {
                tables.add(image.relocations(s));
            }
        }
        long base = linked && target < image.sections().size() ? image.section(target).address() : 0;
        int n = 0;
        for (RelocationTable t : tables) {
            n += t.size();
        }
        long[] at = new long[n];
        long[] refs = new long[n]; // table number << 32 | entry number
        boolean inOrder = true;
        int k = 0;
        for (int t = 0; t < tables.size(); t++) {
            RelocationTable table = tables.get(t);
            for (int i = 0; i < table.size(); i++, k++) {
                at[k] = table.offset(i) - base;
                refs[k] = (long) t << 32 | i;
                inOrder &= k == 0 || at[k - 1] <= at[k];
            }
        }
        if (!inOrder) { // one primitive sort of (offset, position) pairs; offsets in a section fit 31 bits
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = (at[i] & 0x7fffffffL) << 32 | i;
            }
            Arrays.sort(keys);
            long[] byOffset = new long[n];
            long[] atSorted = new long[n];
            for (int i = 0; i < n; i++) {
                int from = (int) keys[i];
                byOffset[i] = refs[from];
                atSorted[i] = at[from];
            }
            refs = byOffset;
            at = atSorted;
        }
        return new Relocations(at, tables, refs);
    }

    private Map<Integer, Functions> indexFunctions() {
        Map<Integer, List<Symbol>> by = new java.util.HashMap<>();
        for (Symbol s : image.symbols()) {
            if (s.isFunction() && !s.isUndefined() && s.sectionIndex() < Symbol.SHN_LORESERVE) {
                by.computeIfAbsent(s.sectionIndex(), k -> new ArrayList<>()).add(s);
            }
        }
        Map<Integer, Functions> out = new java.util.HashMap<>();
        by.forEach((section, list) -> {
            list.sort(Comparator.comparingLong(this::offsetInSection)); // stable: symbol-table order at one offset
            long[] at = new long[list.size()];
            long[] reach = new long[list.size()];
            for (int i = 0; i < at.length; i++) {
                at[i] = offsetInSection(list.get(i));
                long end = at[i] + Math.max(list.get(i).size(), 1);
                reach[i] = i == 0 ? end : Math.max(reach[i - 1], end);
            }
            out.put(section, new Functions(at, reach, list.toArray(new Symbol[0])));
        });
        return out;
    }

    private Symbols indexSymbols(int section) {
        List<Symbol> in = new ArrayList<>();
        for (Symbol s : image.symbols()) {
            if (s.sectionIndex() == section && !s.name().isEmpty() && s.type() != Symbol.STT_SECTION
                    && s.type() != Symbol.STT_FILE && !s.name().startsWith(".L")) {
                in.add(s);
            }
        }
        // innermost-first at one offset: functions and objects before labels, then file order
        in.sort(Comparator.comparingLong(this::offsetInSection)
                .thenComparingInt(s -> s.isFunction() || s.isObject() ? 0 : 1)
                .thenComparingInt(Symbol::index));
        long[] at = new long[in.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = offsetInSection(in.get(i));
        }
        return new Symbols(at, in.toArray(new Symbol[0]));
    }

    /** Relocations of one section, by section offset; {@code refs[i]} is table number << 32 | entry number. */
    record Relocations(long[] at, List<RelocationTable> tables, long[] refs) {

        static final Relocations NONE = new Relocations(new long[0], List.of(), new long[0]);

        boolean isEmpty() {
            return at.length == 0;
        }

        /** The {@code i}-th relocation in offset order. */
        Relocation entry(int i) {
            return tables.get((int) (refs[i] >>> 32)).get((int) refs[i]);
        }

        /** Index of the first relocation at or after {@code offset}. */
        int from(long offset) {
            int lo = 0;
            int hi = at.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (at[mid] < offset) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** The relocation at exactly {@code offset}, or null. */
        Relocation at(long offset) {
            int i = from(offset);
            return i < at.length && at[i] == offset ? entry(i) : null;
        }
    }

    /** Named symbols of one section, by section offset. */
    record Symbols(long[] at, Symbol[] entries) {
        /**
         * The innermost symbol whose extent holds {@code offset}, else one defined exactly there (a label), else
         * the one that ends there; or null.
         */
        Symbol containing(long offset) {
            int last = lastAtOrBefore(offset);
            Symbol exact = null;
            for (int i = last; i >= 0 && i > last - 32; i--) {
                Symbol s = entries[i];
                if (offset - at[i] < s.size() && at[i] <= offset) {
                    // prefer the first entry at the same offset (functions/objects, then file order)
                    int j = i;
                    while (j > 0 && at[j - 1] == at[i] && entries[j - 1].size() > offset - at[i]) {
                        j--;
                    }
                    return entries[j];
                }
                if (at[i] == offset) {
                    exact = s;
                }
            }
            if (exact == null && last >= 0 && at[last] + entries[last].size() == offset && entries[last].size() > 0) {
                return entries[last]; // one past its end: the bound of a loop over an array
            }
            return exact;
        }

        /** Index of the last entry at or before {@code offset}, or -1. */
        private int lastAtOrBefore(long offset) {
            int lo = 0;
            int hi = at.length - 1;
            int last = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (at[mid] <= offset) {
                    last = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return last;
        }

        /** The symbol defined nearest before or at {@code offset} (of several there, the first by preference), or null. */
        Symbol before(long offset) {
            int last = lastAtOrBefore(offset);
            while (last > 0 && at[last - 1] == at[last]) {
                last--;
            }
            return last < 0 ? null : entries[last];
        }
    }

    /** Function symbols of one section by offset; {@code reach[i]}: the furthest end among the first i+1. */
    private record Functions(long[] at, long[] reach, Symbol[] entries) {
        /** The first whose extent holds {@code offset}: the first able to reach past it, if it starts at or before it. */
        Symbol containing(long offset) {
            int lo = 0;
            int hi = reach.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (reach[mid] <= offset) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo < at.length && at[lo] <= offset ? entries[lo] : null;
        }
    }
}
