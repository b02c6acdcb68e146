package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.module.DebugFiles;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.types.BtfBase;
import dev.klpscope.module.ResolutionView;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs every check of a livepatch against candidate objects: one {@link Target} per klp reference, per
 * replaced function and per import that a candidate exports, with a {@link Verdict} for every candidate of the
 * target's object; plus findings about each candidate as a whole and about the patch file. It only analyses:
 * files are read by the loading service ({@code dev.klpscope.load.Loading}), the one way both front ends load.
 */
public final class Inspector {

    private Inspector() {
    }

    /** Inspects already-loaded objects; {@code baselinePaths} are candidate paths the user chose as baselines. */
    public static Inspection inspect(Livepatch patch, List<KernelObject> candidates, Collection<String> baselinePaths) {
        return inspect(patch, candidates, baselinePaths, false);
    }

    /** As above, with an object of the patch without a candidate {@code refused}-level when {@code requireAllObjects}. */
    public static Inspection inspect(Livepatch patch, List<KernelObject> candidates, Collection<String> baselinePaths,
                                     boolean requireAllObjects) {
        return inspect(patch, candidates, baselinePaths, requireAllObjects, List.of());
    }

    /** As above; {@code btfBases} ({@code --btf-base}, found, or raw BTF given): vmlinux BTF a module's split BTF may be read on. */
    public static Inspection inspect(Livepatch patch, List<KernelObject> candidates, Collection<String> baselinePaths,
                                     boolean requireAllObjects, List<BtfBase> btfBases) {
        return inspect(patch, candidates, baselinePaths, requireAllObjects, btfBases, DebugFiles.NONE);
    }

    /** As above; {@code debugFiles}: separate debug files lending their DWARF to candidates by build id. */
    public static Inspection inspect(Livepatch patch, List<KernelObject> candidates, Collection<String> baselinePaths,
                                     boolean requireAllObjects, List<BtfBase> btfBases, DebugFiles debugFiles) {
        return inspect(patch, candidates, baselinePaths, requireAllObjects, btfBases, debugFiles, SignatureSettings.AS_BUILT);
    }

    /** As above; {@code signatures}: {@code --sig-enforce} and {@code --lockdown}, for {@code signature-trust}. */
    public static Inspection inspect(Livepatch patch, List<KernelObject> candidates, Collection<String> baselinePaths,
                                     boolean requireAllObjects, List<BtfBase> btfBases, DebugFiles debugFiles,
                                     SignatureSettings signatures) {
        TypeSources types = TypeSources.of(candidates, btfBases, debugFiles);
        Map<String, List<KernelObject>> byObject = new LinkedHashMap<>();
        for (KernelObject c : candidates) {
            byObject.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(c);
        }
        List<TargetSpec> specs = TargetSpec.of(patch, candidates);
        Baselines baselines = Baselines.choose(patch, specs, byObject, baselinePaths, types);

        List<Target> targets = new ArrayList<>();
        for (TargetSpec spec : specs) {
            List<Verdict> verdicts = new ArrayList<>();
            for (KernelObject c : byObject.getOrDefault(spec.object(), List.of())) {
                verdicts.add(verdict(patch, spec, c, baselines.of(spec.object()), types));
            }
            targets.add(new Target(spec.object(), spec.name(), spec.sympos(), spec.kind(baselines.of(spec.object()), byObject.getOrDefault(spec.object(), List.of())), spec.role(),
                    spec.sites(), verdicts));
        }

        List<CandidateInfo> infos = new ArrayList<>();
        for (KernelObject c : candidates) {
            infos.add(CandidateChecks.info(patch, c, baselines, candidates, signatures)
                    .withTypes(TypeSourceInfo.of(c, candidates, btfBases, debugFiles, types)));
        }
        PatchInfo patchInfo = PatchChecks.info(patch, byObject.keySet(), requireAllObjects, targets);
        return new Inspection(ToolVersion.version(), patchInfo, infos, targets, summarize(patchInfo, infos, targets));
    }

    private static Verdict verdict(Livepatch patch, TargetSpec spec, KernelObject candidate, Optional<KernelObject> baseline,
                                   TypeSources types) {
        List<Finding> findings = new ArrayList<>();
        if (spec.imported() != null) {
            return candidate.source().knowsExports() ? ImportChecks.verdict(patch, spec.imported(), candidate)
                    : Verdict.of(candidate.path(), SymbolsOnlyChecks.importNotJudged(spec.name(), candidate),
                    CandidateSymbols.of(candidate, spec.name(), candidate.symbols().anyDefined(spec.name()).orElse(null)));
        }
        Resolutions.Outcome outcome = Resolutions.resolve(candidate, spec.name(), spec.sympos());
        findings.addAll(outcome.findings());
        Symbol bound = outcome.bound();
        if (bound != null) {
            IdentityChecks.kind(spec.name(), spec.expected(), spec.expectedBasis(), candidate, bound, spec.accesses())
                    .ifPresent(findings::add);
            KernelObject base = baseline.filter(b -> b != candidate).orElse(null);
            if (candidate.symbolsOnly() || base != null && base.symbolsOnly()) {
                // a System.map: nothing past the resolution and the kind by type letter can be judged
                findings.addAll(SymbolsOnlyChecks.notJudged(spec, candidate, base, bound));
                if (candidate.symbolsOnly()) {
                    return Verdict.of(candidate.path(), findings, CandidateSymbols.of(candidate, spec.name(), bound));
                }
                base = null;
            }
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
                PrototypeChecks.function(spec.name(), spec.role() == Role.PATCHED, base, baseSymbol, candidate, bound, types)
                        .ifPresent(findings::add);
            }
            LayoutChecks.variable(spec.name(), patch, base, baseSymbol, candidate, bound, types).ifPresent(findings::add);
            if (spec.role() == Role.PATCHED) {
                PatchedFunctionCheck.judge(patch, spec.patched(), base, baseSymbol, candidate, bound).ifPresent(findings::add);
                HookChecks.location(patch, spec.patched(), candidate, bound).ifPresent(findings::add);
                findings.addAll(HookChecks.copies(patch, spec.patched(), candidate, bound));
                HookChecks.tracing(spec.patched(), candidate, bound).ifPresent(findings::add);
                ReachChecks.initOnly(spec.patched(), candidate, bound).ifPresent(findings::add);
                ReachChecks.transition(spec.patched(), candidate, bound).ifPresent(findings::add);
            }
        }
        return Verdict.of(candidate.path(), findings, CandidateSymbols.of(candidate, spec.name(), bound));
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
