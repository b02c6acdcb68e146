package dev.klpscope.check;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Symbol;
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
 * baseline. The patch's code was compiled against the baseline's layout and the kernel compares no types (§4 class
 * 5 of livepatch-format.md): a member moved, retyped, added or removed under it is read and written at its old place,
 * silently, whether the size changed or not.
 *
 * <p>The variable's type comes from a BTF {@code VAR} of its name, in either build; its layout in the other build is
 * then the type of that name. Where neither build's BTF has the {@code VAR} (6.1 and 6.12 encode only per-CPU
 * variables: pahole's {@code --btf_features=var}), or a module's base BTF was not given, the finding says the layout
 * was not checked and why. Builds without any BTF give no finding (nothing could be said).
 */
final class LayoutChecks {

    private LayoutChecks() {
    }

    static Optional<Finding> variable(String name, KernelObject baseline, Symbol baselineSymbol, KernelObject candidate,
                                      Symbol bound, TypeSources types) {
        if (!bound.isObject() || !baselineSymbol.isObject()) {
            return Optional.empty();
        }
        TypeSources.Source b = types.of(baseline);
        TypeSources.Source c = types.of(candidate);
        if (!b.carriesBtf() && !c.carriesBtf()) {
            return Optional.empty();
        }
        if (b.btf().isEmpty() || c.btf().isEmpty()) {
            return Optional.of(new Finding.VariableLayoutNotChecked(name, (b.btf().isEmpty() ? b : c).described()));
        }
        try {
            return compare(name, b.btf().get(), c.btf().get(), b.described() + "; " + c.described());
        } catch (MalformedInputException e) {
            return Optional.of(new Finding.VariableLayoutNotChecked(name, e.getMessage()));
        }
    }

    private static Optional<Finding> compare(String name, Btf baseline, Btf candidate, String sources) {
        Optional<BtfType.Variable> inBaseline = baseline.variable(name);
        Optional<BtfType.Variable> inCandidate = candidate.variable(name);
        if (inBaseline.isEmpty() && inCandidate.isEmpty()) {
            return Optional.of(new Finding.VariableLayoutNotChecked(name, "neither build's BTF has a VAR for it (BTF "
                    + "encodes per-CPU variables only; klpscope reads no DWARF yet: the -dbg package's would have it)"));
        }
        Optional<TypeLayout> before = layout(baseline, inBaseline, inCandidate.map(v -> typeKey(candidate, v.type())));
        Optional<TypeLayout> after = layout(candidate, inCandidate, inBaseline.map(v -> typeKey(baseline, v.type())));
        if (before.isEmpty() || after.isEmpty()) {
            String missing = before.isEmpty() ? "the baseline's" : "this candidate's";
            return Optional.of(new Finding.VariableLayoutNotChecked(name, missing + " BTF has no VAR for it and no type "
                    + (before.isEmpty() ? after : before).map(TypeLayout::type).orElse("") + " to compare by name"));
        }
        List<LayoutChange> changes = LayoutDiff.compare(before.get(), after.get());
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding.VariableLayoutChanged(name, before.get().type(), after.get().type(),
                LayoutDiff.summary(changes), changes.size(), sources));
    }

    /** The layout of the variable's type: from its VAR, else the type named as the other build's VAR's is. */
    private static Optional<TypeLayout> layout(Btf btf, Optional<BtfType.Variable> own, Optional<String> otherKey) {
        if (own.isPresent()) {
            return Optional.of(Layouts.of(btf, own.get().type()));
        }
        String key = otherKey.orElse("");
        if (key.isEmpty()) {
            return Optional.empty();
        }
        for (int id : btf.named(key.substring(key.indexOf(' ') + 1))) {
            if (typeKey(btf, id).equals(key)) {
                return Optional.of(Layouts.of(btf, id));
            }
        }
        return Optional.empty();
    }

    /** {@code struct foo}, {@code union bar} or a typedef's name: what a type is found by in another build; else empty. */
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
