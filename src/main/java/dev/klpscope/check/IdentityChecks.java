package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ResolutionView;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares what a reference binds to in a candidate with what it binds to in the baseline (checks
 * {@code sympos-identity}, {@code symbol-type}, {@code var-size-section}): the kernel checks none of this.
 */
final class IdentityChecks {

    private IdentityChecks() {
    }

    /** Kind the patch expects vs what the candidate has. */
    static Optional<Finding> kind(String name, TargetKind expected, String basis, Symbol found) {
        TargetKind actual = kindOf(found);
        if (expected == TargetKind.UNKNOWN || actual == TargetKind.UNKNOWN || expected == actual) {
            return Optional.empty();
        }
        return Optional.of(new Finding.KindChanged(name, expected.word(), actual.word() + " (" + found.typeName() + ")", basis));
    }

    static TargetKind kindOf(Symbol s) {
        if (s.isFunction()) {
            return TargetKind.FUNCTION;
        }
        if (s.isObject()) {
            return TargetKind.VARIABLE;
        }
        return TargetKind.UNKNOWN;
    }

    /**
     * Same-named statics: the candidate's bound symbol against the baseline's ({@link StaticIdentity}). Another
     * unit's copy is {@code silent}; the same static changed is {@code risk}, except for a function the patch
     * replaces, which {@code patched-func-changed} reports with where its code differs.
     */
    static Optional<Finding> entity(String name, long sympos, KernelObject baseline, Symbol baselineSymbol,
                                    KernelObject candidate, Symbol bound, boolean replaced) {
        List<Symbol> candidateNamed = candidate.symbols().named(name, ResolutionView.TARGET_LOADED);
        List<Symbol> baselineNamed = baseline.symbols().named(name, ResolutionView.TARGET_LOADED);
        if (candidateNamed.size() <= 1 && baselineNamed.size() <= 1) {
            return Optional.empty();
        }
        StaticIdentity judged = StaticIdentity.judge(baseline, baselineSymbol, candidate, bound);
        if (judged instanceof StaticIdentity.OtherUnit o) {
            String baselineDesc = o.baselineUnit() + ", " + Resolutions.describe(baseline, baselineSymbol);
            String candidateDesc = o.candidateUnit() + ", " + Resolutions.describe(candidate, bound)
                    + (o.baselineCopyAt() > 0 ? "; the baseline's copy is at position " + o.baselineCopyAt() + " here"
                    : "; the baseline's copy is not here");
            return Optional.of(new Finding.DifferentEntity(name, sympos, baselineDesc, candidateDesc));
        }
        if (judged instanceof StaticIdentity.SameUnitChanged c && !replaced) {
            return Optional.of(new Finding.SameStaticChanged(name, sympos, c.unit(), baselineSymbol.size(), bound.size(),
                    c.difference()));
        }
        return Optional.empty();
    }

    /** Size and section class of a variable, against the baseline. */
    static List<Finding> variable(String name, KernelObject baseline, Symbol baselineSymbol, KernelObject candidate, Symbol bound) {
        if (!bound.isObject() || !baselineSymbol.isObject()) {
            return List.of();
        }
        List<Finding> out = new java.util.ArrayList<>();
        if (baselineSymbol.size() != bound.size()) {
            out.add(new Finding.VariableSizeChanged(name, baselineSymbol.size(), bound.size()));
        }
        String from = Resolutions.sectionName(baseline, baselineSymbol);
        String to = Resolutions.sectionName(candidate, bound);
        String effect = SectionClass.effect(SectionClass.of(from), SectionClass.of(to));
        if (effect != null && !Objects.equals(from, to)) {
            out.add(new Finding.VariableSectionChanged(name, from, to, effect));
        }
        return out;
    }
}
