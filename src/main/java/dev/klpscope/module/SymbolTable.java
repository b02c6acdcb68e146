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
    private final Map<String, List<Symbol>> loaded;
    private final Map<String, List<Symbol>> coming;

    private SymbolTable(List<Symbol> all, Map<String, List<Symbol>> loaded, Map<String, List<Symbol>> coming) {
        this.all = all;
        this.loaded = loaded;
        this.coming = coming;
    }

    static SymbolTable forModule(List<Symbol> symbols, List<Section> sections) {
        Map<String, List<Symbol>> loaded = new HashMap<>();
        Map<String, List<Symbol>> coming = new HashMap<>();
        for (Symbol s : symbols) {
            if (s.index() == 0 || s.isUndefined() || s.name().isEmpty()) {
                continue;
            }
            coming.computeIfAbsent(s.name(), k -> new ArrayList<>(1)).add(s);
            if (isCoreSymbol(s, sections)) {
                loaded.computeIfAbsent(s.name(), k -> new ArrayList<>(1)).add(s);
            }
        }
        return new SymbolTable(symbols, freeze(loaded), freeze(coming));
    }

    static SymbolTable forVmlinux(List<Symbol> symbols, List<Section> sections) {
        Map<String, List<Symbol>> byName = new HashMap<>();
        for (Symbol s : symbols) {
            if (isKallsymsVisible(s, sections)) {
                byName.computeIfAbsent(s.name(), k -> new ArrayList<>(1)).add(s);
            }
        }
        Comparator<Symbol> byAddress = Comparator.comparing(Symbol::value, Long::compareUnsigned)
                .thenComparingInt(Symbol::index);
        byName.values().forEach(list -> list.sort(byAddress));
        Map<String, List<Symbol>> frozen = freeze(byName);
        return new SymbolTable(symbols, frozen, frozen);
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
    private static boolean isKallsymsVisible(Symbol s, List<Section> sections) {
        if (s.name().isEmpty() || s.isUndefined() || s.sectionIndex() >= Symbol.SHN_LORESERVE
                || s.sectionIndex() >= sections.size()) {
            return false;
        }
        if (s.type() == Symbol.STT_SECTION || s.type() == Symbol.STT_FILE) {
            return false;
        }
        return sections.get(s.sectionIndex()).isAlloc();
    }

    private static Map<String, List<Symbol>> freeze(Map<String, List<Symbol>> map) {
        Map<String, List<Symbol>> out = new HashMap<>(map.size() * 2);
        map.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /** Every entry of the symbol table in file order. */
    public List<Symbol> all() {
        return all;
    }

    /** The symbols the kernel would count for {@code name}, in its counting order. */
    public List<Symbol> named(String name, ResolutionView view) {
        Map<String, List<Symbol>> map = view == ResolutionView.TARGET_LOADED ? loaded : coming;
        return map.getOrDefault(name, List.of());
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
        if (sympos > count) {
            return new Resolution.PositionNotFound(sympos, count);
        }
        return new Resolution.Found(matches.get((int) sympos - 1), (int) sympos, count);
    }

    /** The first defined symbol of that name in file order, whatever its section (for reporting what is there). */
    public Optional<Symbol> anyDefined(String name) {
        List<Symbol> l = coming.get(name);
        return l == null || l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
    }

    /** Names that differ only in a compiler-made suffix ({@code .isra.N}, {@code .constprop.N}, ...), for hints. */
    public List<String> nearMisses(String name) {
        String base = baseName(name);
        List<String> out = new ArrayList<>();
        for (String other : coming.keySet()) {
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
