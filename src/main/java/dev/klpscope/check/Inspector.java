package dev.klpscope.check;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.KlpReference;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.livepatch.PatchedFunction;
import dev.klpscope.livepatch.RelocationSite;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.module.ResolutionView;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every check of a livepatch against candidate objects: one {@link Target} per klp reference, per
 * replaced function and per import that a candidate exports, with a {@link Verdict} for every candidate of the
 * target's object; plus findings about each candidate as a whole and about the patch file.
 */
public final class Inspector {

    private Inspector() {
    }

    /** Reads the patch and candidates (in parallel) and inspects them; baselines are added as candidates if not given as such. */
    public static Inspection inspect(Path patch, List<Path> candidates, List<Path> baselines) {
        return inspect(patch, candidates, baselines, Optional.empty());
    }

    /** As above, with the patch judged by the given loader (--loader) instead of the one its vermagic names. */
    public static Inspection inspect(Path patch, List<Path> candidates, List<Path> baselines, Optional<KernelVersion> loader) {
        return inspect(patch, candidates, baselines, loader, false);
    }

    /**
     * As above; {@code requireAllObjects} ({@code --require-all-objects}): an object of the patch without a candidate
     * is a {@code refused}-level finding instead of an {@code info}.
     */
    public static Inspection inspect(Path patch, List<Path> candidates, List<Path> baselines, Optional<KernelVersion> loader,
                                     boolean requireAllObjects) {
        Set<Path> all = new LinkedHashSet<>(candidates);
        all.addAll(baselines);
        List<Path> files = new ArrayList<>(all);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(files.size() + 1,
                Runtime.getRuntime().availableProcessors())), r -> {
            Thread t = new Thread(r, "klpscope-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Livepatch> lp = pool.submit(() -> LivepatchReader.read(patch, loader));
            List<Future<KernelObject>> objs = new ArrayList<>();
            for (Path f : files) {
                objs.add(pool.submit(() -> KernelObjectReader.read(f)));
            }
            Livepatch livepatch = await(lp);
            List<KernelObject> loaded = new ArrayList<>();
            for (Future<KernelObject> f : objs) {
                loaded.add(await(f));
            }
            return inspect(livepatch, loaded, baselines.stream().map(Path::toString).toList(), requireAllObjects);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MalformedInputException m) {
                throw m;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new CompletionException(cause);
        }
    }

    /** Inspects already-loaded objects; {@code baselinePaths} are candidate paths the user chose as baselines. */
    public static Inspection inspect(Livepatch patch, List<KernelObject> candidates, Collection<String> baselinePaths) {
        return inspect(patch, candidates, baselinePaths, false);
    }

    /** As above, with an object of the patch without a candidate {@code refused}-level when {@code requireAllObjects}. */
    public static Inspection inspect(Livepatch patch, List<KernelObject> candidates, Collection<String> baselinePaths,
                                     boolean requireAllObjects) {
        Map<String, List<KernelObject>> byObject = new LinkedHashMap<>();
        for (KernelObject c : candidates) {
            byObject.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c);
        }
        List<TargetSpec> specs = targetSpecs(patch, candidates);
        Baselines baselines = Baselines.choose(patch, specs, byObject, baselinePaths);

        List<Target> targets = new ArrayList<>();
        for (TargetSpec spec : specs) {
            List<Verdict> verdicts = new ArrayList<>();
            for (KernelObject c : byObject.getOrDefault(spec.object(), List.of())) {
                verdicts.add(verdict(patch, spec, c, baselines.of(spec.object())));
            }
            targets.add(new Target(spec.object(), spec.name(), spec.sympos(), spec.kind(baselines, byObject), spec.role(),
                    spec.sites(), verdicts));
        }

        List<CandidateInfo> infos = new ArrayList<>();
        for (KernelObject c : candidates) {
            infos.add(CandidateChecks.info(patch, c, baselines, candidates));
        }
        PatchInfo patchInfo = PatchChecks.info(patch, byObject.keySet(), requireAllObjects, targets);
        return new Inspection(ToolVersion.version(), patchInfo, infos, targets, summarize(patchInfo, infos, targets));
    }

    /** A target before verdicts: where its name comes from in the patch. */
    record TargetSpec(String object, String name, long sympos, Role role, TargetKind expected, String expectedBasis,
                      List<Site> sites, Accesses accesses, PatchedFunction patched, Livepatch.Import imported) {

        /** The patch's own idea of the kind, else the baseline's symbol, else any candidate's. */
        TargetKind kind(Baselines baselines, Map<String, List<KernelObject>> byObject) {
            if (expected != TargetKind.UNKNOWN) {
                return expected;
            }
            List<KernelObject> order = new ArrayList<>();
            baselines.of(object).ifPresent(order::add);
            order.addAll(byObject.getOrDefault(object, List.of()));
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
    }

    private static List<TargetSpec> targetSpecs(Livepatch patch, List<KernelObject> candidates) {
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
        Set<String> given = new LinkedHashSet<>();
        candidates.forEach(c -> given.add(c.name()));
        return given.contains(VMLINUX) && patch.module().modInfo().depends().stream()
                .map(d -> d.replace('-', '_')).allMatch(given::contains);
    }

    private static List<Site> sites(List<RelocationSite> sites) {
        return sites.stream().map(s -> new Site(s.section(), s.offset(), s.typeName(), s.addend(), s.function(),
                s.relocationSection())).toList();
    }

    private static Verdict verdict(Livepatch patch, TargetSpec spec, KernelObject candidate, Optional<KernelObject> baseline) {
        List<Finding> findings = new ArrayList<>();
        if (spec.imported() != null) {
            return ImportChecks.verdict(patch, spec.imported(), candidate);
        }
        Resolutions.Outcome outcome = Resolutions.resolve(candidate, spec.name(), spec.sympos());
        findings.addAll(outcome.findings());
        Symbol bound = outcome.bound();
        if (bound != null) {
            IdentityChecks.kind(spec.name(), spec.expected(), spec.expectedBasis(), candidate, bound, spec.accesses())
                    .ifPresent(findings::add);
            KernelObject base = baseline.filter(b -> b != candidate).orElse(null);
            Symbol baseSymbol = base == null ? null : Resolutions.resolve(base, spec.name(), spec.sympos()).bound();
            if (baseSymbol != null) {
                IdentityChecks.entity(spec.name(), spec.sympos(), base, baseSymbol, candidate, bound, spec.role() == Role.PATCHED)
                        .ifPresent(findings::add);
                if (spec.expected() == TargetKind.UNKNOWN) {
                    IdentityChecks.kind(spec.name(), IdentityChecks.kindOf(baseSymbol),
                            "it is " + baseSymbol.typeName() + " in the baseline", candidate, bound, spec.accesses())
                            .ifPresent(findings::add);
                }
                findings.addAll(IdentityChecks.variable(spec.name(), base, baseSymbol, candidate, bound, spec.accesses()));
            }
            if (spec.role() == Role.PATCHED) {
                patchedFunction(patch, spec.patched(), base, baseSymbol, candidate, bound).ifPresent(findings::add);
                HookChecks.location(patch, spec.patched(), candidate, bound).ifPresent(findings::add);
                findings.addAll(HookChecks.copies(patch, spec.patched(), candidate, bound));
            }
        }
        return Verdict.of(candidate.path(), findings, CandidateSymbols.of(candidate, spec.name(), bound));
    }

    /**
     * {@code patched-func-changed}: the replaced function against the patch's new code (already fixed here?),
     * kpatch's recorded {@code old_size}, and the baseline's copy (changed since the patch was built?).
     * Code is compared by meaning, every address replaced by what it reaches ({@link CodeComparison}).
     */
    static Optional<Finding> patchedFunction(Livepatch patch, PatchedFunction f, KernelObject baseline, Symbol baseSymbol,
                                                     KernelObject candidate, Symbol bound) {
        Optional<Symbol> newFunc = patch.definedSymbol(f.newFunction());
        if (newFunc.isPresent() && CodeComparison.comparable(candidate, bound) && CodeComparison.comparable(patch.module(), newFunc.get())
                && CodeComparison.compare(patch.module(), newFunc.get(), candidate, bound).isEmpty()) {
            return Optional.of(new Finding.AlreadyContainsFix(f.oldName(), f.newFunction()));
        }
        if (f.oldSize().isPresent() && f.oldSize().getAsLong() != bound.size()) {
            return Optional.of(new Finding.PatchedFunctionChanged(f.oldName(), f.oldSize().getAsLong(), bound.size(),
                    "build the patch was made from (kpatch old_size)"));
        }
        if (baseSymbol == null) {
            return Optional.empty();
        }
        return CodeComparison.compare(baseline, baseSymbol, candidate, bound)
                .map(d -> new Finding.PatchedFunctionChanged(f.oldName(), baseSymbol.size(), bound.size(),
                        "baseline (" + baseline.path() + ")", Optional.of(d)));
    }

    private static Summary summarize(PatchInfo patch, List<CandidateInfo> candidates, List<Target> targets) {
        int functions = 0;
        int variables = 0;
        int unknown = 0;
        int breaking = 0;
        int unchecked = 0;
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        Severity worst = Severity.OK;
        for (Target t : targets) {
            switch (t.kind()) {
                case FUNCTION -> functions++;
                case VARIABLE -> variables++;
                case UNKNOWN -> unknown++;
            }
            if (t.worst().atLeast(Severity.RISK)) {
                breaking++;
            }
            if (t.verdicts().isEmpty()) {
                unchecked++;
            }
            for (Verdict v : t.verdicts()) {
                for (Finding f : v.findings()) {
                    counts.merge(f.severity(), 1, Integer::sum);
                }
                worst = Severity.worst(worst, v.severity());
            }
        }
        for (CandidateInfo c : candidates) {
            c.findings().forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
            worst = Severity.worst(worst, c.worst());
        }
        patch.findings().forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
        worst = Severity.worst(worst, patch.worst());
        int breakingPatch = (int) patch.findings().stream().filter(f -> f.severity().atLeast(Severity.RISK)).count();
        return new Summary(targets.size(), functions, variables, unknown, breaking, unchecked, breakingPatch, counts, worst);
    }

    /** The patch file's own findings (lint, legacy layouts), with no candidate: what {@code show} is judged by. */
    public static List<Finding> patchFileFindings(Livepatch patch) {
        return PatchChecks.fileFindings(patch);
    }

    /** Resolution view used for what a candidate has under a name. */
    static final ResolutionView PRIMARY = ResolutionView.TARGET_LOADED;
}
