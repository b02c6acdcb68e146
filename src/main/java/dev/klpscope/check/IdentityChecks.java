package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ResolutionView;
import dev.klpscope.module.SymbolBytes;

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

    /** Type, size, section and masked bytes: what makes two same-named symbols the same entity. */
    record Fingerprint(int type, long size, String section, Optional<String> digest) {
        static Fingerprint of(KernelObject o, Symbol s) {
            return new Fingerprint(s.type(), s.size(), Resolutions.sectionName(o, s), SymbolBytes.maskedDigest(o, s));
        }

        boolean sameEntity(Fingerprint other) {
            return type == other.type && size == other.size && section.equals(other.section)
                    && (digest.isEmpty() || other.digest.isEmpty() || digest.equals(other.digest));
        }
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
     * Same-named statics: the candidate's bound symbol against the baseline's. A different entity is reported
     * when the baseline's symbol is identifiable elsewhere in the candidate, or when what is bound differs in
     * type, size or section.
     */
    static Optional<Finding> entity(String name, long sympos, KernelObject baseline, Symbol baselineSymbol,
                                    KernelObject candidate, Symbol bound) {
        List<Symbol> candidateNamed = candidate.symbols().named(name, ResolutionView.TARGET_LOADED);
        List<Symbol> baselineNamed = baseline.symbols().named(name, ResolutionView.TARGET_LOADED);
        if (candidateNamed.size() <= 1 && baselineNamed.size() <= 1) {
            return Optional.empty();
        }
        Fingerprint want = Fingerprint.of(baseline, baselineSymbol);
        Fingerprint got = Fingerprint.of(candidate, bound);
        if (want.sameEntity(got)) {
            return Optional.empty();
        }
        int elsewhere = 0;
        for (int i = 0; i < candidateNamed.size(); i++) {
            Symbol s = candidateNamed.get(i);
            if (s.index() != bound.index() && want.sameEntity(Fingerprint.of(candidate, s))) {
                elsewhere = i + 1;
                break;
            }
        }
        boolean shapeDiffers = want.type() != got.type() || want.size() != got.size() || !want.section().equals(got.section());
        if (elsewhere == 0 && !shapeDiffers) {
            return Optional.empty(); // same shape, other code, nothing better: an edited static, not a different one
        }
        String baselineDesc = Resolutions.describe(baseline, baselineSymbol);
        String candidateDesc = Resolutions.describe(candidate, bound)
                + (elsewhere > 0 ? "; the baseline's symbol is now at position " + elsewhere : "");
        return Optional.of(new Finding.DifferentEntity(name, sympos, baselineDesc, candidateDesc));
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
