package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ResolutionView;

import java.util.ArrayList;
import java.util.List;

/**
 * What a vmlinux known only from its System.map cannot judge, said per target as {@link Finding.NotJudged} instead
 * of a silent {@code ok}: everything after the resolution that needs sizes, sections, code, compilation units,
 * ftrace records or BTF ({@code module.SymbolSource.SystemMap#notJudged()}). The resolution itself
 * ({@code symbol-present}, {@code sympos-resolves}) and the kind by type letter ({@code symbol-type}) are judged.
 */
final class SymbolsOnlyChecks {

    private SymbolsOnlyChecks() {
    }

    /** What each check needs that a System.map lacks. */
    private static final java.util.Map<String, String> MISSING = java.util.Map.of(
            "sympos-identity", "no compilation units (STT_FILE) or sizes to tell same-named statics apart",
            "var-size-section", "no sizes or sections",
            "var-layout", "no types (BTF, DWARF)",
            "func-prototype", "no types (BTF, DWARF)",
            "patched-func-changed", "no code and no sizes",
            "ftrace-location", "no ftrace records (__mcount_loc)",
            "clone-siblings", "no compilation units to tell which copies are the function's",
            "alias", "no sections or symbol types (its letters say text, not function)");

    /** What compares the candidate with its baseline, when only the baseline is a System.map. */
    private static final List<String> AGAINST_BASELINE = List.of("sympos-identity", "var-size-section", "func-prototype");

    /** The checks of one resolved target the candidate cannot make, for the kind of target it is. */
    static List<Finding> notJudged(TargetSpec spec, KernelObject candidate, KernelObject baseline, Symbol bound) {
        List<Finding> out = new ArrayList<>();
        List<String> cannot = candidate.symbolsOnly() ? candidate.source().notJudged() : baseline.source().notJudged();
        boolean variable = bound.isObject();
        boolean patched = spec.role() == Role.PATCHED;
        boolean duplicated = candidate.symbols().named(spec.name(), ResolutionView.TARGET_LOADED).size() > 1
                || baseline != null && baseline.symbols().named(spec.name(), ResolutionView.TARGET_LOADED).size() > 1;
        List<String> here = new ArrayList<>();
        if (duplicated) {
            here.add("sympos-identity");
        }
        if (variable) {
            here.add("var-size-section");
            here.add("var-layout");
        } else if (bound.isFunction()) {
            here.add("func-prototype");
        }
        if (patched) {
            here.addAll(List.of("patched-func-changed", "ftrace-location", "clone-siblings", "alias"));
        }
        if (!candidate.symbolsOnly()) {
            here.retainAll(AGAINST_BASELINE); // the candidate's own checks still run, without a baseline
        }
        for (String check : here) {
            if (cannot.contains(check)) {
                out.add(new Finding.NotJudged(check, spec.name(), (candidate.symbolsOnly() ? "System.map" : "the baseline's System.map")
                        + " has " + MISSING.get(check)));
            }
        }
        return out;
    }

    /** An import of the patch: without a Module.symvers a System.map says nothing of exports. */
    static List<Finding> importNotJudged(String name, KernelObject candidate) {
        return List.of(new Finding.NotJudged("import-export", name,
                "System.map has no exports, CRCs or namespaces, and no Module.symvers was found beside it"));
    }

    /** The candidate as a whole: where its vmlinux comes from and every check it could not make. */
    static List<Finding> candidate(KernelObject c) {
        return c.symbolsOnly() ? List.of(new Finding.SymbolsOnly(c.source().describe(), c.source().notJudged(),
                c.source().lacks())) : List.of();
    }
}
