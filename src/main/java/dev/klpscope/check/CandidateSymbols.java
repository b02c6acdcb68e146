package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ResolutionView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a candidate has under a name, for the details view: every same-named symbol with its positions in both views. */
final class CandidateSymbols {

    private CandidateSymbols() {
    }

    static List<CandidateSymbol> of(KernelObject candidate, String name, Symbol bound) {
        List<Symbol> loaded = candidate.symbols().named(name, ResolutionView.TARGET_LOADED);
        List<Symbol> coming = candidate.symbols().named(name, ResolutionView.TARGET_COMING);
        Map<Integer, Symbol> all = new LinkedHashMap<>();
        coming.forEach(s -> all.put(s.index(), s));
        loaded.forEach(s -> all.putIfAbsent(s.index(), s));
        List<CandidateSymbol> out = new ArrayList<>();
        for (Symbol s : all.values()) {
            long size = candidate.symbolsOnly() ? CandidateSymbol.SIZE_UNKNOWN : s.size(); // a System.map has no sizes
            out.add(new CandidateSymbol(loaded.indexOf(s) + 1, coming.indexOf(s) + 1, s.typeName(), s.bindingName(), size,
                    Resolutions.sectionName(candidate, s), bound != null && bound.index() == s.index()));
        }
        return out;
    }
}
