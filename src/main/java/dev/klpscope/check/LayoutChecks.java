package dev.klpscope.check;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.types.Btf;
import dev.klpscope.module.types.BtfType;
import dev.klpscope.module.types.LayoutChange;
import dev.klpscope.module.types.LayoutDiff;
import dev.klpscope.module.types.Layouts;
import dev.klpscope.module.types.TypeLayout;

import java.util.List;
import java.util.Optional;

/**
 * {@code var-layout}: the type of a variable the patch references, member by member, in a candidate against the
 * layout the patch's code was compiled against. The kernel compares no types (§4 class 5 of livepatch-format.md): a
 * member moved, retyped, added or removed under it is read and written at its old place, silently, whether the size
 * changed or not.
 *
 * <p>The variable's type comes from a BTF {@code VAR} of its name in the candidate or the baseline (6.1 and 6.12
 * encode only per-CPU variables: pahole's {@code --btf_features=var}). The reference layout is the type of that
 * name in the patch's own BTF where the patch defines it (pahole encodes every type of the patch's DWARF, so a
 * patch that declares the struct carries the layout it was compiled against), else the baseline's. Where neither
 * can be had, or a module's base BTF was not given, the finding says the layout was not checked and why. Builds
 * without any BTF give no finding (nothing could be said).
 */
final class LayoutChecks {

    private LayoutChecks() {
    }

    /** {@code baseline} and {@code baselineSymbol} are null when the candidate is the baseline or there is none. */
    static Optional<Finding> variable(String name, Livepatch patch, KernelObject baseline, Symbol baselineSymbol,
                                      KernelObject candidate, Symbol bound, TypeSources types) {
        boolean withBaseline = baselineSymbol != null && baselineSymbol.isObject();
        if (!bound.isObject()) {
            return Optional.empty();
        }
        TypeSources.Source c = types.of(candidate);
        TypeSources.Source p = types.of(patch.module());
        Optional<TypeSources.Source> b = withBaseline ? Optional.of(types.of(baseline)) : Optional.empty();
        if (!c.carriesBtf() && !p.carriesBtf() && b.map(s -> !s.carriesBtf()).orElse(true)) {
            return Optional.empty();
        }
        if (c.btf().isEmpty()) {
            return c.carriesBtf() ? notChecked(name, c.described()) : Optional.empty();
        }
        try {
            Btf here = c.btf().get();
            Optional<Btf> there = b.flatMap(TypeSources.Source::btf);
            Optional<BtfType.Variable> varHere = here.variable(name);
            Optional<BtfType.Variable> varThere = there.flatMap(t -> t.variable(name));
            String key = varHere.map(v -> typeKey(here, v.type()))
                    .orElse(varThere.map(v -> typeKey(there.get(), v.type())).orElse(""));
            if (varHere.isEmpty() && varThere.isEmpty()) {
                return notChecked(name, "no BTF here has a VAR for it (BTF encodes per-CPU variables only; klpscope reads "
                        + "no DWARF yet: the -dbg package's would have it)");
            }
            Optional<TypeLayout> after = varHere.map(v -> Layouts.of(here, v.type())).or(() -> byName(here, key, false));
            if (after.isEmpty()) {
                return notChecked(name, "this candidate's BTF has no VAR for it and no " + key);
            }
            Optional<TypeLayout> compiled = p.btf().flatMap(t -> byName(t, key, true));
            if (compiled.isPresent()) {
                return changed(name, compiled.get(), after.get(), "the patch's own BTF, the layout its code was compiled against");
            }
            if (!withBaseline) {
                return Optional.empty(); // the baseline itself, and the patch says nothing of the type
            }
            if (there.isEmpty()) {
                return notChecked(name, b.get().described());
            }
            Optional<TypeLayout> before = varThere.map(v -> Layouts.of(there.get(), v.type())).or(() -> byName(there.get(), key, false));
            if (before.isEmpty()) {
                return notChecked(name, "the baseline's BTF has no VAR for it and no " + key);
            }
            return changed(name, before.get(), after.get(), "the baseline the patch was built against");
        } catch (MalformedInputException e) {
            return notChecked(name, e.getMessage());
        }
    }

    private static Optional<Finding> changed(String name, TypeLayout reference, TypeLayout here, String referenceName) {
        List<LayoutChange> changes = LayoutDiff.compare(reference, here);
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding.VariableLayoutChanged(name, reference.type(), here.type(), LayoutDiff.summary(changes),
                changes.size(), referenceName, Optional.of(new TypeComparison.LayoutPair(referenceName, reference, here, changes))));
    }

    private static Optional<Finding> notChecked(String name, String reason) {
        return Optional.of(new Finding.VariableLayoutNotChecked(name, reason));
    }

    /**
     * The layout of the struct, union or typedef {@code key} names ({@code struct foo}); {@code ownOnly}: among the
     * BTF's own types only, not its base's (a patch's split BTF: what the patch itself declared).
     */
    private static Optional<TypeLayout> byName(Btf btf, String key, boolean ownOnly) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        for (int id : btf.named(key.substring(key.indexOf(' ') + 1))) {
            if ((!ownOnly || id >= btf.startId()) && typeKey(btf, id).equals(key)) {
                return Optional.of(Layouts.of(btf, id));
            }
        }
        return Optional.empty();
    }

    /** {@code struct foo}, {@code union bar} or {@code typedef baz}: what a type is found by in another build; else empty. */
    private static String typeKey(Btf btf, int id) {
        BtfType t = btf.type(id);
        if (t instanceof BtfType.Reference r && r.kind() == BtfType.RefKind.TYPEDEF) {
            return "typedef " + r.name();
        }
        if (t instanceof BtfType.Composite comp && !comp.name().isEmpty()) {
            return comp.keyword() + " " + comp.name();
        }
        return "";
    }
}
