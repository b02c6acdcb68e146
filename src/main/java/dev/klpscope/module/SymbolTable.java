package dev.klpscope.module;

import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kernel object's symbols, grouped by name in the order in which the kernel counts same-named symbols
 * for sympos (livepatch-format.md §3.1-3.2):
 * <ul>
 *   <li>module: symbol-table order, skipping undefined entries; which entries exist depends on whether the
 *       module was already loaded ({@link ResolutionView#TARGET_LOADED}: core symbols only) or is loading
 *       after the patch ({@link ResolutionView#TARGET_COMING}: the whole init-time table);</li>
 *   <li>vmlinux: address order among kallsyms-visible symbols (both views are the same).</li>
 * </ul>
 */
public final class SymbolTable {

    private final List<Symbol> all;
    private final List<Section> sections;
    private final boolean module;
    /**
     * Name → the symbols the kernel counts in {@link ResolutionView#TARGET_COMING} order (for vmlinux, the only
     * view): a {@link Symbol} when the name is unique (nearly always), an {@code ArrayList<Symbol>} when not. One
     * map, no per-name list for unique names and no frozen copy: building it is most of the cost of reading a
     * vmlinux (130 k symbols). The {@link ResolutionView#TARGET_LOADED} view of a module is that list filtered by
     * {@link #isCoreSymbol} when asked for.
     */
    private final Map<String, Object> byName;
    /** Per section, value → first named function or variable there: built on first use ({@link #entityAt}). */
    private final Map<Integer, Map<Long, Symbol>> entities = new ConcurrentHashMap<>();

    private SymbolTable(List<Symbol> all, List<Section> sections, boolean module, Map<String, Object> byName) {
        this.all = all;
        this.sections = sections;
        this.module = module;
        this.byName = byName;
    }

    static SymbolTable forModule(List<Symbol> symbols, List<Section> sections) {
        Map<String, Object> byName = new HashMap<>(capacity(symbols.size()));
        for (Symbol s : symbols) {
            if (s.index() == 0 || s.isUndefined() || s.name().isEmpty()) {
                continue;
            }
            add(byName, s, null);
        }
        return new SymbolTable(symbols, sections, true, byName);
    }

    static SymbolTable forVmlinux(List<Symbol> symbols, List<Section> sections) {
        return inAddressOrder(symbols, sections, s -> isKallsymsVisible(s, sections));
    }

    /**
     * A vmlinux from its {@code System.map}: the same address order among the entries {@code counted} keeps (by
     * symbol index, which is the map's line number).
     */
    static SymbolTable forSystemMap(List<Symbol> symbols, java.util.function.IntPredicate counted) {
        return inAddressOrder(symbols, List.of(), s -> s.index() > 0 && counted.test(s.index())
                && !KallsymsNames.dropped(s.name()));
    }

    private static SymbolTable inAddressOrder(List<Symbol> symbols, List<Section> sections,
                                              java.util.function.Predicate<Symbol> visible) {
        Map<String, Object> byName = new HashMap<>(capacity(symbols.size()));
        List<List<Symbol>> duplicates = new ArrayList<>();
        for (Symbol s : symbols) {
            if (visible.test(s)) {
                add(byName, s, duplicates);
            }
        }
        Comparator<Symbol> byAddress = Comparator.comparing(Symbol::value, Long::compareUnsigned)
                .thenComparingInt(Symbol::index);
        for (List<Symbol> l : duplicates) { // not a walk over all 130 k map entries
            if (!inAddressOrder(l)) { // symbol-table order mostly is address order already
                l.sort(byAddress);
            }
        }
        return new SymbolTable(symbols, sections, false, byName);
    }

    private static boolean inAddressOrder(List<Symbol> l) {
        for (int i = 1; i < l.size(); i++) {
            if (Long.compareUnsigned(l.get(i - 1).value(), l.get(i).value()) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static int capacity(int entries) {
        return (int) Math.min(1 << 30, entries * 4L / 3 + 16);
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> byName, Symbol s, List<List<Symbol>> duplicates) {
        Object prev = byName.putIfAbsent(s.name(), s);
        if (prev instanceof Symbol first) {
            List<Symbol> list = new ArrayList<>(2);
            list.add(first);
            list.add(s);
            byName.put(s.name(), list);
            if (duplicates != null) {
                duplicates.add(list);
            }
        } else if (prev != null) {
            ((List<Symbol>) prev).add(s);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Symbol> coming(String name) {
        Object v = byName.get(name);
        if (v == null) {
            return List.of();
        }
        return v instanceof Symbol s ? List.of(s) : Collections.unmodifiableList((List<Symbol>) v);
    }

    /**
     * {@code is_core_symbol()} in {@code kernel/module/kallsyms.c} with {@code CONFIG_KALLSYMS_ALL}
     * (which {@code CONFIG_LIVEPATCH} requires): defined, a real section index, named, in an allocated
     * section that is not an init section (the loader marks {@code .init*} sections).
     */
    private static boolean isCoreSymbol(Symbol s, List<Section> sections) {
        if (s.isUndefined() || s.sectionIndex() >= sections.size() || s.name().isEmpty()) {
            return false;
        }
        Section sec = sections.get(s.sectionIndex());
        if (sec.name().equals(".data..percpu")) {
            return true;
        }
        return sec.isAlloc() && !sec.name().startsWith(".init");
    }

    /**
     * What {@code scripts/kallsyms} keeps of vmlinux's symbols (as klp-build counts them), less the names
     * {@code scripts/mksysmap} drops before kallsyms sees them ({@link KallsymsNames}).
     */
    private static boolean isKallsymsVisible(Symbol s, List<Section> sections) {
        if (s.name().isEmpty() || s.isUndefined() || s.sectionIndex() >= Symbol.SHN_LORESERVE
                || s.sectionIndex() >= sections.size()) {
            return false;
        }
        if (s.type() == Symbol.STT_SECTION || s.type() == Symbol.STT_FILE || KallsymsNames.dropped(s.name())) {
            return false;
        }
        return sections.get(s.sectionIndex()).isAlloc();
    }

    /**
     * The first named function or variable (file order) defined at {@code value} in section {@code section}: what a
     * call or a section-relative relocation in a function's code points at ({@link SymbolBytes}). The section is
     * indexed on first use, instead of one scan of the whole table (130 k entries for vmlinux) per call site.
     */
    public Optional<Symbol> entityAt(int section, long value) {
        return Optional.ofNullable(entities.computeIfAbsent(section, this::indexSection).get(value));
    }

    private Map<Long, Symbol> indexSection(int section) {
        Map<Long, Symbol> at = new HashMap<>();
        for (Symbol s : all) {
            if (s.sectionIndex() == section && (s.isFunction() || s.isObject()) && !s.name().isEmpty()) {
                at.putIfAbsent(s.value(), s);
            }
        }
        return at;
    }

    /** Every entry of the symbol table in file order. */
    public List<Symbol> all() {
        return all;
    }

    /** The symbols the kernel would count for {@code name}, in its counting order. */
    public List<Symbol> named(String name, ResolutionView view) {
        List<Symbol> coming = coming(name);
        if (!module || view == ResolutionView.TARGET_COMING || coming.isEmpty()) {
            return coming;
        }
        List<Symbol> loaded = new ArrayList<>(coming.size());
        for (Symbol s : coming) {
            if (isCoreSymbol(s, sections)) {
                loaded.add(s);
            }
        }
        return loaded.size() == coming.size() ? coming : Collections.unmodifiableList(loaded);
    }

    /** {@code klp_find_object_symbol()}: count by name only, then apply the sympos rules. */
    public Resolution resolve(String name, long sympos, ResolutionView view) {
        List<Symbol> matches = named(name, view);
        int count = matches.size();
        if (count == 0) {
            return new Resolution.NotFound();
        }
        if (sympos == 0) {
            return count > 1 ? new Resolution.Ambiguous(count) : new Resolution.Found(matches.get(0), 1, 1);
        }
        if (Long.compareUnsigned(sympos, count) > 0) { // sympos is an unsigned long in the kernel ("%lu")
            return new Resolution.PositionNotFound(sympos, count);
        }
        return new Resolution.Found(matches.get((int) sympos - 1), (int) sympos, count);
    }

    /** The first defined symbol of that name in file order, whatever its section (for reporting what is there). */
    public Optional<Symbol> anyDefined(String name) {
        List<Symbol> l = coming(name);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Names that differ only in a compiler-made suffix ({@code .isra.N}, {@code .constprop.N}, ...), for hints. */
    public List<String> nearMisses(String name) {
        String base = baseName(name);
        List<String> out = new ArrayList<>();
        for (String other : byName.keySet()) {
            if (!other.equals(name) && baseName(other).equals(base)) {
                out.add(other);
            }
        }
        Collections.sort(out);
        return out;
    }

    static String baseName(String name) {
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
