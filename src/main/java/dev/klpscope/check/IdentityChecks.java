package dev.klpscope.check;

import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.SiteAccess;
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

    /**
     * Kind the patch expects vs what the candidate has. A call to a variable outside code, or a write to a function,
     * faults ({@link Fault}; modelled on x86-64, where strict RWX cannot be turned off and the kernel's lines are
     * known); other mismatches (reading code, an address kept) go wrong silently.
     */
    static Optional<Finding> kind(String name, TargetKind expected, String basis, KernelObject candidate, Symbol found,
                                  Accesses accesses) {
        TargetKind actual = kindOf(found);
        if (expected == TargetKind.UNKNOWN || actual == TargetKind.UNKNOWN || expected == actual) {
            return Optional.empty();
        }
        Optional<Section> section = candidate.sectionOf(found);
        String foundDesc = actual.word() + " (" + found.typeName() + section.map(s -> " in " + s.name()).orElse("") + ")";
        if (actual == TargetKind.VARIABLE && accesses.any(SiteAccess.CALL) && section.filter(s -> !s.isExecutable()).isPresent()) {
            boolean x86 = candidate.image().header().machine() == Machines.EM_X86_64;
            return Optional.of(new Finding.KindChanged(name, expected.word(), foundDesc, basis, accesses.describe(SiteAccess.CALL)
                    + (x86 ? "" : ", into data (the fault is modelled on x86-64 only)"),
                    x86 ? Optional.of(Fault.EXECUTES_DATA) : Optional.empty()));
        }
        if (actual == TargetKind.FUNCTION && accesses.any(SiteAccess.WRITE)) {
            return Optional.of(new Finding.KindChanged(name, expected.word(), foundDesc, basis,
                    accesses.describe(SiteAccess.WRITE), Optional.of(Fault.WRITES_CODE)));
        }
        return Optional.of(new Finding.KindChanged(name, expected.word(), foundDesc, basis, "", Optional.empty()));
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
            // The symbols themselves are said once when they read alike: what differs is where they come from.
            String wanted = Resolutions.describe(baseline, baselineSymbol);
            String got = Resolutions.describe(candidate, bound);
            String baselineDesc = o.baselineUnit() + (wanted.equals(got) ? "" : ", " + wanted);
            String candidateDesc = o.candidateUnit() + (wanted.equals(got) ? "; both are " + got : ", " + got)
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

    /**
     * Size and section class of a variable, against the baseline. Moved into read-only data, a variable the patched
     * code writes faults ({@link Fault#WRITES_READ_ONLY}); one it only reads is still read right. Whether it writes is
     * decoded on x86-64 only ({@code SiteAccesses}): elsewhere the move stays {@code silent}.
     */
    static List<Finding> variable(String name, KernelObject baseline, Symbol baselineSymbol, KernelObject candidate, Symbol bound,
                                  Accesses accesses) {
        if (!bound.isObject() || !baselineSymbol.isObject()) {
            return List.of();
        }
        List<Finding> out = new java.util.ArrayList<>();
        if (baselineSymbol.size() != bound.size()) {
            out.add(new Finding.VariableSizeChanged(name, baselineSymbol.size(), bound.size()));
        }
        String from = Resolutions.sectionName(baseline, baselineSymbol);
        String to = Resolutions.sectionName(candidate, bound);
        SectionClass toClass = SectionClass.of(to);
        String effect = SectionClass.effect(SectionClass.of(from), toClass);
        if (effect == null || Objects.equals(from, to)) {
            return out;
        }
        if (toClass.readOnly() && accesses.any(SiteAccess.WRITE)) {
            out.add(new Finding.VariableSectionChanged(name, from, to, accesses.describe(SiteAccess.WRITE) + " but "
                    + to + " is " + toClass.label + ": " + Fault.WRITES_READ_ONLY.what, Optional.of(Fault.WRITES_READ_ONLY)));
        } else if (toClass.readOnly() && accesses.any(SiteAccess.READ) && accesses.where().size() == 1) {
            out.add(new Finding.VariableSectionChanged(name, from, to, "the patched code only reads it ("
                    + accesses.describe(SiteAccess.READ) + "), which still works; a write would fault (" + toClass.label + ")",
                    Optional.empty()));
        } else if (toClass.readOnly() && !accesses.where().isEmpty()) {
            out.add(new Finding.VariableSectionChanged(name, from, to, effect + "; whether the patched code writes it "
                    + "cannot be told (" + undecided(accesses) + ")", Optional.empty()));
        } else {
            out.add(new Finding.VariableSectionChanged(name, from, to, effect, Optional.empty()));
        }
        return out;
    }

    private static String undecided(Accesses accesses) {
        return accesses.any(SiteAccess.UNKNOWN) ? accesses.describe(SiteAccess.UNKNOWN)
                : accesses.describe(SiteAccess.ADDRESS) + ": what is done through the address is not followed";
    }
}
