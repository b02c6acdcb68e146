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
import dev.klpscope.module.types.TypeNames;

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
 *
 * <p><b>Malformed types.</b> BTF or DWARF that is there but cannot be read (the readers' refusals; a reference cycle;
 * a struct containing itself; a variable's type that is no type) is a "not checked" finding saying whose types they
 * are (this candidate's, the baseline's, the patch's own) and the reader's message: file, offset, what is wrong. The
 * patch's own types unreadable are never replaced by the baseline's: what its code was compiled against is unknown.
 */
final class LayoutChecks {

    private LayoutChecks() {
    }

    /** A layout and the types it was read from, for the finding. */
    private record Read(TypeLayout layout, String source) {
    }

    private static final String CANDIDATE = "this candidate's types";
    private static final String BASELINE = "the baseline's types";
    private static final String PATCH = "the patch's own types, which hold the layout its code was compiled against,";

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
                && types.dwarfOf(patch.module()).file().isEmpty() && !types.dwarfOf(patch.module()).malformed()
                && (!withBaseline || types.dwarfOf(baseline).file().isEmpty()) && !types.dwarfOf(candidate).malformed()) {
            return Optional.empty();
        }
        try {
            if (c.btf().isEmpty() && !dwarfHere) {
                String dwarf = types.dwarfOf(candidate).described();
                if (c.malformed() || types.dwarfOf(candidate).malformed()) {
                    throw NotChecked.unreadable(CANDIDATE, (c.malformed() ? c.described()
                            + (types.dwarfOf(candidate).malformed() ? "; and " + dwarf : "") : dwarf));
                }
                throw new NotChecked(c.carriesBtf() ? c.described() : c.described() + ", and " + dwarf);
            }
            if (p.malformed()) {
                throw NotChecked.unreadable(PATCH, p.described());
            }
            if (types.dwarfOf(patch.module()).malformed() && p.btf().isEmpty()) {
                throw NotChecked.unreadable(PATCH, types.dwarfOf(patch.module()).described());
            }
            Optional<TypeSources.Typed> here = NotChecked.reading(CANDIDATE, () -> types.variable(candidate, bound, name));
            Optional<TypeSources.Typed> there = withBaseline
                    ? NotChecked.reading(BASELINE, () -> types.variable(baseline, baselineSymbol, name)) : Optional.empty();
            String fromBuilds = NotChecked.reading(CANDIDATE, () -> here.map(LayoutChecks::key)).filter(k -> !k.isEmpty())
                    .orElseGet(() -> NotChecked.reading(BASELINE, () -> there.map(LayoutChecks::key).orElse("")));
            Optional<TypeSources.Typed> declared = NotChecked.reading(PATCH, () -> types.declared(patch.module(), name));
            String key = fromBuilds.isEmpty() ? NotChecked.reading(PATCH, () -> declared.map(LayoutChecks::key).orElse("")) : fromBuilds;
            if (here.isEmpty() && there.isEmpty() && declared.isEmpty()) {
                throw new NotChecked("no BTF here has a VAR for it (BTF encodes per-CPU variables only) and no DWARF "
                        + "describes it (" + types.dwarfOf(candidate).described() + "; give the -dbg vmlinux or module, or "
                        + "its debug file)");
            }
            Optional<Read> after = NotChecked.reading(CANDIDATE, () -> layout(here, c.btf(), key));
            if (after.isEmpty()) {
                throw new NotChecked("this candidate's types have no VAR or DWARF variable for it and no " + displayKey(key)
                        + unreadable(c, types.dwarfOf(candidate)));
            }
            Optional<Read> compiled = NotChecked.reading(PATCH, () -> p.btf().flatMap(t -> byName(t, key, true))
                    .map(l -> new Read(l, patch.module().path() + " " + p.btf().get().what())));
            String compiledName = "the patch's own BTF, the layout its code was compiled against";
            if (compiled.isEmpty()) {
                compiled = NotChecked.reading(PATCH, () -> declared.filter(t -> key.equals(key(t)))
                        .map(t -> new Read(layoutOf(t.graph(), t.type()), t.source())));
                compiledName = "the patch's own DWARF, the layout its code was compiled against";
            }
            if (compiled.isPresent()) {
                return changed(name, compiled.get(), after.get(), compiledName);
            }
            if (!withBaseline) {
                return Optional.empty(); // the baseline itself, and the patch says nothing of the type
            }
            Optional<Read> before = NotChecked.reading(BASELINE, () -> layout(there, b.get().btf(), key));
            if (before.isEmpty()) {
                TypeSources.DwarfSource dwarf = types.dwarfOf(baseline);
                if (b.get().malformed() || dwarf.malformed()) {
                    throw NotChecked.unreadable(BASELINE, (b.get().malformed() ? b.get().described()
                            + (dwarf.malformed() ? "; and " + dwarf.described() : "") : dwarf.described()));
                }
                throw new NotChecked(b.get().btf().isEmpty() && dwarf.file().isEmpty()
                        ? b.get().described() + ", and " + dwarf.described()
                        : "the baseline's types have no VAR or DWARF variable for it and no " + displayKey(key)
                        + unreadable(b.get(), dwarf));
            }
            return changed(name, before.get(), after.get(), "the baseline the patch was built against");
        } catch (NotChecked e) {
            return notChecked(name, e.getMessage());
        } catch (MalformedInputException e) {
            return notChecked(name, e.getMessage());
        }
    }

    /** " (its .BTF cannot be read: …)" where one of a build's two type sources is malformed, else "". */
    private static String unreadable(TypeSources.Source btf, TypeSources.DwarfSource dwarf) {
        List<String> parts = new java.util.ArrayList<>();
        if (btf.malformed()) {
            parts.add("its .BTF cannot be read: " + btf.described());
        }
        if (dwarf.malformed()) {
            parts.add("its DWARF cannot be read: " + dwarf.described());
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
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
     * graph's own types only, not its base's (a patch's split BTF: what the patch itself declared). Where a split BTF
     * has the name itself and its base has it too, its own is taken: pahole puts in a module's BTF only the types that
     * differ from its base's, so its own is the one its code was built with. Same-named types of different layouts
     * left after that (vmlinux's BTF has a few dozen names twice: {@code struct console}, {@code struct controller})
     * do not tell which one the variable has: not checked.
     */
    static Optional<TypeLayout> byName(TypeGraph graph, String key, boolean ownOnly) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> found = new java.util.ArrayList<>();
        for (int id : graph.named(key.substring(key.indexOf(' ') + 1))) {
            if ((!ownOnly || graph.owns(id)) && typeKey(graph, id).equals(key)) {
                found.add(id);
            }
        }
        List<Integer> own = found.stream().filter(graph::owns).toList();
        List<Integer> ids = own.isEmpty() ? found : own;
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        TypeLayout first = complete(graph, ids.get(0));
        for (int id : ids.subList(1, ids.size())) {
            if (!LayoutDiff.compare(first, Layouts.of(graph, id)).isEmpty()) {
                TypeGraph holder = own.isEmpty() && graph instanceof Btf btf ? btf.base().orElse(btf) : graph;
                throw new NotChecked(String.format("%d types in %s %s are named %s, with different layouts (type ids %s): "
                                + "which one the variable has cannot be told by name", ids.size(), holder.file(),
                        holder.what(), displayKey(key), ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))));
            }
        }
        return Optional.of(first);
    }

    private static TypeLayout layoutOf(TypeGraph graph, int id) {
        return complete(graph, element(graph, id));
    }

    /**
     * The layout of type {@code id}, unless it reaches a composite of a distilled {@code .BTF.base} (a 7.x out-of-tree
     * module's or patch's, not relocated onto its vmlinux's BTF): that keeps a kernel type's name and size but not its
     * members, and read as a layout every member of it would look removed or added.
     */
    private static TypeLayout complete(TypeGraph graph, int id) {
        Optional<String> opaque = dev.klpscope.module.types.DistilledBase.opaqueReached(graph, id);
        if (opaque.isPresent()) {
            throw new NotChecked(graph.file() + ": " + dev.klpscope.module.types.DistilledBase.why(opaque.get())
                    + "; give the vmlinux BTF of its release to compare it");
        }
        return Layouts.of(graph, id);
    }

    private static String key(TypeSources.Typed t) {
        return typeKey(t.graph(), element(t.graph(), t.type()));
    }

    /** {@code struct foo} for a key, {@code foo} for a typedef's (as C writes it). */
    private static String displayKey(String key) {
        return key.startsWith("typedef ") ? key.substring("typedef ".length()) : key;
    }

    /**
     * Under const, volatile, restrict and array dimensions. A variable's type that is no type (a variable, say) or a
     * chain of them that cycles is malformed input at that type.
     */
    private static int element(TypeGraph graph, int id) {
        String notAType = TypeNames.notAType(graph.type(id));
        if (notAType != null) {
            throw graph.malformed(id, "is " + notAType + ", where a variable's type belongs");
        }
        int at = id;
        for (int steps = 0; steps <= TYPE_STEPS; steps++) {
            BtfType t = graph.type(at);
            if (t instanceof BtfType.Reference r && r.kind() != BtfType.RefKind.TYPEDEF) {
                at = TypeNames.target(graph, at, r.target());
            } else if (t instanceof BtfType.Array a) {
                at = TypeNames.target(graph, at, a.element());
            } else {
                return at;
            }
        }
        throw TypeNames.tooDeep(graph, id);
    }

    /** Qualifiers and dimensions followed before a type's chain is malformed (as {@code TypeNames} bounds names). */
    private static final int TYPE_STEPS = 32;

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
