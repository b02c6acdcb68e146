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

    /** What compares the candidate with its baseline, when only the baseline is a System.map. */
    private static final List<String> AGAINST_BASELINE = List.of("sympos-identity", "var-size-section", "func-prototype");

    /** The checks of one resolved target the candidate cannot make, for the kind of target it is. */
    static List<Finding> notJudged(TargetSpec spec, KernelObject candidate, KernelObject baseline, Symbol bound) {
        List<Finding> out = new ArrayList<>();
        List<String> cannot = candidate.symbolsOnly() ? candidate.source().notJudged() : baseline.source().notJudged();
        String lacks = candidate.symbolsOnly() ? candidate.source().lacks() : "the baseline is " + baseline.source().describe()
                + "; " + baseline.source().lacks();
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
                out.add(new Finding.NotJudged(check, spec.name(), lacks));
            }
        }
        return out;
    }

    /** An import of the patch: without a Module.symvers a System.map says nothing of exports. */
    static List<Finding> importNotJudged(String name, KernelObject candidate) {
        return List.of(new Finding.NotJudged("import-export", name, candidate.source().lacks()));
    }

    /** The candidate as a whole: where its vmlinux comes from and every check it could not make. */
    static List<Finding> candidate(KernelObject c) {
        return c.symbolsOnly() ? List.of(new Finding.SymbolsOnly(c.source().describe(), c.source().notJudged(),
                c.source().lacks())) : List.of();
    }
}
