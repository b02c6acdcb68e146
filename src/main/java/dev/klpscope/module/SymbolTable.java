package dev.klpscope.module;

import dev.klpscope.elf.NameIndex;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.elf.Symbols;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

    private final Symbols all;
    private final List<Section> sections;
    private final boolean module;
    /**
     * The symbols the kernel counts, by name, hashed over the string table's bytes ({@link Symbols#nameHash}): reading a
     * vmlinux makes no {@code String} or {@code Symbol} for its 130 k entries; a lookup compares bytes and decodes
     * the few entries that match. For a module: defined, named entries ({@link ResolutionView#TARGET_COMING}; the
     * {@link ResolutionView#TARGET_LOADED} view filters them by {@link #isCoreSymbol} when asked for); for vmlinux,
     * what kallsyms keeps.
     */
    private final NameIndex byName;
    /** Per section, value → number of the first named function or variable there: built on first use ({@link #entityAt}). */
    private final Map<Integer, Map<Long, Integer>> entities = new ConcurrentHashMap<>();

    private SymbolTable(Symbols all, List<Section> sections, boolean module, NameIndex byName) {
        this.all = all;
        this.sections = sections;
        this.module = module;
        this.byName = byName;
    }

    static SymbolTable forModule(List<Symbol> symbols, List<Section> sections) {
        Symbols all = Symbols.of(symbols);
        NameIndex index = new NameIndex(all.size(), i -> i != 0 && !all.isUndefined(i) && !all.nameIsEmpty(i), all::nameHash);
        return new SymbolTable(all, sections, true, index);
    }

    static SymbolTable forVmlinux(List<Symbol> symbols, List<Section> sections) {
        Symbols all = Symbols.of(symbols);
        NameIndex index = new NameIndex(all.size(), i -> isKallsymsVisible(all, i, sections), all::nameHash);
        return new SymbolTable(all, sections, false, index);
    }

    /**
     * A vmlinux from its {@code System.map}: the entries {@code counted} keeps (by symbol index, which is the map's
     * line number), counted in address order as a vmlinux's are.
     */
    static SymbolTable forSystemMap(List<Symbol> symbols, java.util.function.IntPredicate counted) {
        Symbols all = Symbols.of(symbols);
        NameIndex index = new NameIndex(all.size(), i -> i > 0 && counted.test(i) && !all.nameIsEmpty(i), all::nameHash);
        return new SymbolTable(all, List.of(), false, index);
    }

    /** Same-named symbols in the kernel's counting order: file order in a module, address order in vmlinux. */
    private List<Symbol> coming(String name) {
        if (!module && KallsymsNames.dropped(name)) {
            // names scripts/mksysmap drops before kallsyms sees them (6.12's .symtab has hundreds of .LC labels):
            // never in a vmlinux's kallsyms, whether read from its .symtab or its System.map
            return List.of();
        }
        int[] found = byName.find(name, i -> all.nameIs(i, name));
        if (found.length == 0) {
            return List.of();
        }
        if (found.length == 1) {
            return List.of(all.get(found[0]));
        }
        List<Symbol> l = new ArrayList<>(found.length);
        for (int i : found) { // file order
            l.add(all.get(i));
        }
        if (!module) {
            l.sort(Comparator.comparing(Symbol::value, Long::compareUnsigned).thenComparingInt(Symbol::index));
        }
        return Collections.unmodifiableList(l);
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

    /** What {@code scripts/kallsyms} keeps of vmlinux's symbols (as klp-build counts them). */
    private static boolean isKallsymsVisible(Symbols all, int i, List<Section> sections) {
        int section = all.sectionIndex(i);
        if (section == Symbol.SHN_UNDEF || section >= Symbol.SHN_LORESERVE || section >= sections.size()) {
            return false;
        }
        int type = all.type(i);
        if (type == Symbol.STT_SECTION || type == Symbol.STT_FILE || all.nameIsEmpty(i)) {
            return false;
        }
        return sections.get(section).isAlloc();
    }

    /**
     * The first named function or variable (file order) defined at {@code value} in section {@code section}: what a
     * call or a section-relative relocation in a function's code points at ({@link SymbolBytes}). The section is
     * indexed on first use, instead of one scan of the whole table (130 k entries for vmlinux) per call site.
     */
    public Optional<Symbol> entityAt(int section, long value) {
        Integer i = entities.computeIfAbsent(section, this::indexSection).get(value);
        return i == null ? Optional.empty() : Optional.of(all.get(i));
    }

    private Map<Long, Integer> indexSection(int section) {
        Map<Long, Integer> at = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.sectionIndex(i) == section && (all.isFunction(i) || all.isObject(i)) && !all.nameIsEmpty(i)) {
                at.putIfAbsent(all.value(i), i);
            }
        }
        return at;
    }

    /** Every entry of the symbol table in file order. */
    public Symbols all() {
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
        Set<String> out = new TreeSet<>();
        byName.forEach(i -> {
            if (all.nameStartsWith(i, base)) {
                String other = all.name(i);
                if (!other.equals(name) && baseName(other).equals(base)) {
                    out.add(other);
                }
            }
        });
        return List.copyOf(out);
    }

    static String baseName(String name) {
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
