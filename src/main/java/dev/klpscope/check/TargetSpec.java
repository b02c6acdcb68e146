package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.KlpReference;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.PatchedFunction;
import dev.klpscope.livepatch.RelocationSite;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ResolutionView;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A target before verdicts: where its name comes from in the patch (a klp reference, a replaced function, or an
 * import a candidate exports, or that none exports when all its exporters are given). Made before the baseline is chosen, which uses them, so it knows nothing of baselines.
 */
record TargetSpec(String object, String name, long sympos, Role role, TargetKind expected, String expectedBasis,
                  List<Site> sites, Accesses accesses, PatchedFunction patched, Livepatch.Import imported) {

    /** The patch's own idea of the kind, else the baseline's symbol, else any candidate's (of this target's object). */
    TargetKind kind(Optional<KernelObject> baseline, List<KernelObject> candidates) {
        if (expected != TargetKind.UNKNOWN) {
            return expected;
        }
        List<KernelObject> order = new ArrayList<>();
        baseline.ifPresent(order::add);
        order.addAll(candidates);
        for (KernelObject o : order) {
            Resolutions.Outcome r = Resolutions.resolve(o, name, sympos);
            if (r.bound() != null && IdentityChecks.kindOf(r.bound()) != TargetKind.UNKNOWN) {
                return IdentityChecks.kindOf(r.bound());
            }
        }
        return sameNamedKind(order);
    }

    /** Unresolved everywhere: the kind every same-named symbol of the candidates has, when they agree. */
    private TargetKind sameNamedKind(List<KernelObject> candidates) {
        TargetKind agreed = TargetKind.UNKNOWN;
        for (KernelObject o : candidates) {
            for (Symbol s : o.symbols().named(name, ResolutionView.TARGET_COMING)) {
                TargetKind k = IdentityChecks.kindOf(s);
                if (k == TargetKind.UNKNOWN || (agreed != TargetKind.UNKNOWN && agreed != k)) {
                    return TargetKind.UNKNOWN;
                }
                agreed = k;
            }
        }
        return agreed;
    }

    /** Every target of the patch: its klp references, the functions it replaces, and the imports a candidate exports. */
    static List<TargetSpec> of(Livepatch patch, List<KernelObject> candidates) {
        List<TargetSpec> out = new ArrayList<>();
        for (KlpReference r : patch.references()) {
            TargetKind expected = switch (r.expectedKind()) {
                case FUNCTION -> TargetKind.FUNCTION;
                case VARIABLE -> TargetKind.VARIABLE;
                case UNKNOWN -> TargetKind.UNKNOWN;
            };
            String basis = r.symbol().isFunction() || r.symbol().isObject()
                    ? "the .klp.sym symbol is " + r.symbol().typeName()
                    : "every relocation site is a call";
            out.add(new TargetSpec(r.object(), r.name(), r.sympos(), Role.REFERENCE, expected, basis, sites(r.sites()),
                    Accesses.of(r.sites()), null, null));
        }
        for (PatchedFunction f : patch.patched()) {
            out.add(new TargetSpec(f.object(), f.oldName(), f.oldSympos(), Role.PATCHED, TargetKind.FUNCTION,
                    "klp_func.old_name names a function", List.of(), Accesses.NONE, f, null));
        }
        boolean allExportersGiven = allExportersGiven(patch, candidates);
        for (Livepatch.Import i : patch.imports()) {
            Optional<String> exporter = candidates.stream().filter(c -> c.versions().exportsSymbol(i.name()))
                    .map(KernelObject::name).findFirst();
            if (exporter.isEmpty() && allExportersGiven && !ImportChecks.isWeak(patch, i.name())) {
                exporter = Optional.of(VMLINUX); // exported by none of them: the loader looks in vmlinux last
            }
            exporter.ifPresent(object -> {
                boolean calls = i.sites().stream().allMatch(RelocationSite::call);
                out.add(new TargetSpec(object, i.name(), 0, Role.REFERENCE, calls ? TargetKind.FUNCTION : TargetKind.UNKNOWN,
                        "every relocation site is a call", sites(i.sites()), Accesses.of(i.sites()), null, i));
            });
        }
        return out;
    }

    private static final String VMLINUX = "vmlinux";

    /**
     * Whether the candidates hold every object the patch can import from: a vmlinux, and a build of each module of
     * its {@code depends=} (modpost lists there every module that exports one of its imports). Only then is an
     * import that none of them exports known to be missing.
     */
    private static boolean allExportersGiven(Livepatch patch, List<KernelObject> candidates) {
        Set<String> given = new HashSet<>();
        candidates.forEach(c -> given.add(c.name()));
        return given.contains(VMLINUX) && patch.module().modInfo().depends().stream()
                .map(d -> d.replace('-', '_')).allMatch(given::contains);
    }

    private static List<Site> sites(List<RelocationSite> sites) {
        return sites.stream().map(s -> new Site(s.section(), s.offset(), s.typeName(), s.addend(), s.function(),
                s.relocationSection())).toList();
    }
}
