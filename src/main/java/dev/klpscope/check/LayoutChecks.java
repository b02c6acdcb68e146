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
import dev.klpscope.module.types.TypeGraph;
import dev.klpscope.module.types.TypeLayout;

import java.util.List;
import java.util.Optional;

/**
 * {@code var-layout}: the type of a variable the patch references, member by member, in a candidate against the
 * layout the patch's code was compiled against. The kernel compares no types (§4 class 5 of livepatch-format.md): a
 * member moved, retyped, added or removed under it is read and written at its old place, silently, whether the size
 * changed or not; and a constant of an enum the type or a member uses is stored and compared as the number it was
 * when the patch was built.
 *
 * <p><b>Which type.</b> The variable's type comes from a BTF {@code VAR} of its name in the candidate or the baseline
 * (6.1 and 6.12 encode only per-CPU variables: pahole's {@code --btf_features=var}), else from the DWARF variable at
 * the symbol's address in the candidate's or the baseline's DWARF (their own {@code .debug_info}, or a debug file
 * paired by build id), else from the patch's own DWARF, which declares each variable it reaches as the patch saw it.
 * Qualifiers and array dimensions are looked through: the layout is the element's struct, union or typedef.
 *
 * <p><b>Which layout.</b> Each build's layout is that of its own variable where its BTF or DWARF has one, else that
 * of the type of the same name ({@code struct foo}) in its BTF. The reference is the patch's own: the type of that
 * name in the patch's own BTF where the patch defines it (pahole encodes every type of the patch's DWARF), else the
 * patch's DWARF declaration of the variable; else the baseline's. BTF and DWARF layouts compare alike (names as pahole
 * writes them). Where none can be had the finding says the layout was not checked and why. Builds without any BTF or
 * DWARF give no finding (nothing could be said).
 */
final class LayoutChecks {

    private LayoutChecks() {
    }

    /** A layout and the types it was read from, for the finding. */
    private record Read(TypeLayout layout, String source) {
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
        boolean dwarfHere = types.dwarfOf(candidate).file().isPresent();
        if (!c.carriesBtf() && !p.carriesBtf() && b.map(s -> !s.carriesBtf()).orElse(true) && !dwarfHere
                && types.dwarfOf(patch.module()).file().isEmpty()
                && (!withBaseline || types.dwarfOf(baseline).file().isEmpty())) {
            return Optional.empty();
        }
        if (c.btf().isEmpty() && !dwarfHere) {
            return notChecked(name, c.carriesBtf() ? c.described() : c.described() + ", and " + types.dwarfOf(candidate).described());
        }
        try {
            Optional<TypeSources.Typed> here = types.variable(candidate, bound, name);
            Optional<TypeSources.Typed> there = withBaseline ? types.variable(baseline, baselineSymbol, name) : Optional.empty();
            String fromBuilds = here.map(LayoutChecks::key).filter(k -> !k.isEmpty())
                    .orElse(there.map(LayoutChecks::key).orElse(""));
            Optional<TypeSources.Typed> declared = types.declared(patch.module(), name);
            String key = fromBuilds.isEmpty() ? declared.map(LayoutChecks::key).orElse("") : fromBuilds;
            if (here.isEmpty() && there.isEmpty() && declared.isEmpty()) {
                return notChecked(name, "no BTF here has a VAR for it (BTF encodes per-CPU variables only) and no DWARF "
                        + "describes it (" + types.dwarfOf(candidate).described() + "; give the -dbg vmlinux or module, or "
                        + "its debug file)");
            }
            Optional<Read> after = layout(here, c.btf(), key);
            if (after.isEmpty()) {
                return notChecked(name, "this candidate's types have no VAR or DWARF variable for it and no " + displayKey(key));
            }
            Optional<Read> compiled = p.btf().flatMap(t -> byName(t, key, true))
                    .map(l -> new Read(l, patch.module().path() + " " + p.btf().get().what()));
            String compiledName = "the patch's own BTF, the layout its code was compiled against";
            if (compiled.isEmpty()) {
                compiled = declared.filter(t -> key.equals(key(t))).map(t -> new Read(layoutOf(t.graph(), t.type()), t.source()));
                compiledName = "the patch's own DWARF, the layout its code was compiled against";
            }
            if (compiled.isPresent()) {
                return changed(name, compiled.get(), after.get(), compiledName);
            }
            if (!withBaseline) {
                return Optional.empty(); // the baseline itself, and the patch says nothing of the type
            }
            Optional<Read> before = layout(there, b.get().btf(), key);
            if (before.isEmpty()) {
                return notChecked(name, b.get().btf().isEmpty() && types.dwarfOf(baseline).file().isEmpty()
                        ? b.get().described() + ", and " + types.dwarfOf(baseline).described()
                        : "the baseline's types have no VAR or DWARF variable for it and no " + displayKey(key));
            }
            return changed(name, before.get(), after.get(), "the baseline the patch was built against");
        } catch (MalformedInputException e) {
            return notChecked(name, e.getMessage());
        }
    }

    /** The build's own variable's layout, else that of the type named {@code key} in its BTF. */
    private static Optional<Read> layout(Optional<TypeSources.Typed> own, Optional<Btf> btf, String key) {
        if (own.isPresent()) {
            return Optional.of(new Read(layoutOf(own.get().graph(), own.get().type()), own.get().source()));
        }
        return btf.flatMap(t -> byName(t, key, false).map(l -> new Read(l, t.file() + " " + t.what())));
    }

    private static Optional<Finding> changed(String name, Read reference, Read here, String referenceName) {
        List<LayoutChange> changes = LayoutDiff.compare(reference.layout(), here.layout());
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding.VariableLayoutChanged(name, reference.layout().type(), here.layout().type(),
                LayoutDiff.summary(changes), changes.size(),
                referenceName + " (layouts from " + reference.source() + " and, here, " + here.source() + ")",
                Optional.of(new TypeComparison.LayoutPair(referenceName, reference.layout(), here.layout(), changes))));
    }

    private static Optional<Finding> notChecked(String name, String reason) {
        return Optional.of(new Finding.VariableLayoutNotChecked(name, reason));
    }

    /**
     * The layout of the struct, union or typedef {@code key} names ({@code struct foo}); {@code ownOnly}: among the
     * graph's own types only, not its base's (a patch's split BTF: what the patch itself declared).
     */
    private static Optional<TypeLayout> byName(TypeGraph graph, String key, boolean ownOnly) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        for (int id : graph.named(key.substring(key.indexOf(' ') + 1))) {
            if ((!ownOnly || graph.owns(id)) && typeKey(graph, id).equals(key)) {
                return Optional.of(Layouts.of(graph, id));
            }
        }
        return Optional.empty();
    }

    private static TypeLayout layoutOf(TypeGraph graph, int id) {
        return Layouts.of(graph, element(graph, id));
    }

    private static String key(TypeSources.Typed t) {
        return typeKey(t.graph(), element(t.graph(), t.type()));
    }

    /** {@code struct foo} for a key, {@code foo} for a typedef's (as C writes it). */
    private static String displayKey(String key) {
        return key.startsWith("typedef ") ? key.substring("typedef ".length()) : key;
    }

    /** Under const, volatile, restrict and array dimensions (bounded: malformed types may cycle). */
    private static int element(TypeGraph graph, int id) {
        int at = id;
        for (int steps = 0; steps < 32; steps++) {
            BtfType t = graph.type(at);
            if (t instanceof BtfType.Reference r && r.kind() != BtfType.RefKind.TYPEDEF) {
                at = r.target();
            } else if (t instanceof BtfType.Array a) {
                at = a.element();
            } else {
                return at;
            }
        }
        return at;
    }

    /** {@code struct foo}, {@code union bar}, {@code enum qux} or {@code typedef baz}: what a type is found by in another build; else empty. */
    private static String typeKey(TypeGraph graph, int id) {
        BtfType t = graph.type(id);
        if (t instanceof BtfType.Reference r && r.kind() == BtfType.RefKind.TYPEDEF) {
            return "typedef " + r.name();
        }
        if (t instanceof BtfType.Composite comp && !comp.name().isEmpty()) {
            return comp.keyword() + " " + comp.name();
        }
        if (t instanceof BtfType.Enum e && !e.name().isEmpty()) {
            return "enum " + e.name(); // a variable of an enum: its constants are what the patch relies on
        }
        return "";
    }
}
