package dev.klpscope.check;

import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.PatchedFunction;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The baseline per object: the build the patch is taken to have been made against, which identity checks
 * compare every other candidate with. Given by the user, or inferred from what the files say, never from the
 * order they were given in. Among the candidates that resolve every target in both load orders, the one that
 * agrees best with the patch: every replaced function has kpatch's recorded {@code old_size}; then no CRC of the
 * patch's {@code __versions} contradicts the candidate's (its exported CRCs, and for a module the CRCs it imports
 * itself: both were built against one kernel's symbols); then the same {@code vermagic}. None of the formats read
 * here (kbuild's klp_patch structures, kpatch's {@code .kpatch.funcs}, klp-build's tables) records the build id of
 * its target, so build ids only break ties: equal evidence
 * is reported as ambiguous ({@link Finding.BaselineAmbiguous}) and the lowest build id (then path) is taken.
 */
final class Baselines {

    private final Map<String, KernelObject> chosen = new HashMap<>();
    private final Map<String, String> reasons = new HashMap<>();
    private final Map<String, Finding.BaselineAmbiguous> ambiguous = new HashMap<>();
    private final Map<String, List<KernelObject>> tied = new HashMap<>();

    Optional<KernelObject> of(String object) {
        return Optional.ofNullable(chosen.get(object));
    }

    boolean isBaseline(KernelObject o) {
        return chosen.get(o.name()) == o;
    }

    /** Why this candidate is or is not the baseline of its object. */
    String reason(KernelObject o) {
        if (isBaseline(o)) {
            return reasons.get(o.name());
        }
        KernelObject b = chosen.get(o.name());
        return b == null ? reasons.getOrDefault(o.name(), "no baseline") : "compared with baseline " + b.path();
    }

    /** The ambiguity finding for a candidate that tied for its object's baseline. */
    Optional<Finding> ambiguity(KernelObject o) {
        return tied.getOrDefault(o.name(), List.of()).stream().anyMatch(t -> t == o)
                ? Optional.of(ambiguous.get(o.name())) : Optional.empty();
    }

    /** What the files say about one candidate, best first when compared. */
    record Evidence(KernelObject candidate, boolean oldSizes, int crcMatches, int crcMismatches, Vermagic vermagic) {

        static final Comparator<Evidence> BEST_FIRST = Comparator.comparing((Evidence e) -> !e.oldSizes)
                .thenComparing(e -> e.crcMismatches > 0)
                .thenComparing(Evidence::vermagic);

        /** Content order for ties: build id, then path; never the order given. */
        static final Comparator<Evidence> TIE_BREAK = Comparator
                .comparing((Evidence e) -> e.candidate.buildId().orElse("~"))
                .thenComparing(e -> e.candidate.path());

        boolean sameRank(Evidence o) {
            return BEST_FIRST.compare(this, o) == 0;
        }

        String describe(boolean sized) {
            List<String> parts = new ArrayList<>();
            if (sized) {
                parts.add(oldSizes ? "every replaced function has kpatch's old_size" : "old_size differs");
            }
            if (crcMatches + crcMismatches > 0) {
                parts.add(crcMismatches == 0 ? String.format("%d CRC%s of the patch's __versions match", crcMatches,
                        crcMatches == 1 ? "" : "s") : String.format("%d of %d CRCs of the patch's __versions differ",
                        crcMismatches, crcMatches + crcMismatches));
            } else {
                parts.add("no CRC of the patch's __versions to compare");
            }
            parts.add(vermagic.words);
            return String.join(", ", parts);
        }
    }

    /**
     * The candidate's vermagic against the patch's, best first (a symbol-table-only vmlinux has none to compare; a
     * System.map has only the release its name says, compared with the first word of the patch's vermagic).
     */
    enum Vermagic {
        SAME("same vermagic"), SAME_RELEASE("same kernel release"), UNKNOWN("no vermagic to compare"),
        OTHER_RELEASE("other kernel release"), OTHER("other vermagic");

        final String words;

        Vermagic(String words) {
            this.words = words;
        }
    }

    static Baselines choose(Livepatch patch, List<TargetSpec> specs, Map<String, List<KernelObject>> byObject,
                            Collection<String> baselinePaths, TypeSources types) {
        Baselines b = new Baselines();
        byObject.forEach((object, candidates) -> {
            for (KernelObject c : candidates) {
                if (baselinePaths.contains(c.path())) {
                    b.chosen.put(object, c);
                    b.reasons.put(object, "given with --baseline");
                    return;
                }
            }
            List<Evidence> resolving = new ArrayList<>();
            for (KernelObject c : candidates) {
                if (resolvesAll(c, specs)) {
                    resolving.add(evidence(patch, object, c));
                }
            }
            if (resolving.stream().anyMatch(e -> !e.candidate().symbolsOnly())) {
                // a System.map cannot be compared with: a vmlinux with symbols is the baseline whenever one resolves
                resolving.removeIf(e -> e.candidate().symbolsOnly());
            }
            if (resolving.isEmpty()) {
                b.reasons.put(object, "none: no candidate of " + object + " resolves every target, so identity checks are skipped");
                return;
            }
            if (candidates.size() == 1) {
                b.chosen.put(object, candidates.get(0));
                b.reasons.put(object, "inferred: the only candidate, so nothing is compared with it; give the build the patch "
                        + "was made from with --baseline to check identity, sizes and changed functions");
                return;
            }
            boolean sized = patch.patched().stream().anyMatch(f -> f.object().equals(object) && f.oldSize().isPresent());
            resolving.sort(Evidence.BEST_FIRST.thenComparing(Evidence.TIE_BREAK));
            Evidence best = resolving.get(0);
            List<Evidence> ties = resolving.stream().filter(best::sameRank).toList();
            b.chosen.put(object, best.candidate());
            String of = resolving.size() == 1 ? "the only candidate that resolves every target"
                    : String.format("of %d candidates that resolve every target", resolving.size());
            boolean targeted = specs.stream().anyMatch(s -> s.object().equals(object) && s.imported() == null);
            if (!targeted) {
                // nothing of the patch is looked up in this object: no verdict depends on which build is the baseline
                b.reasons.put(object, "inferred by content (" + best.describe(sized) + "; then the lowest build id): the "
                        + "patch has no target in " + object + ", so nothing depends on which build this is");
            } else if (ties.size() == 1) {
                b.reasons.put(object, "inferred: " + of + (resolving.size() == 1 ? "; " + best.describe(sized)
                        : ", the one whose build agrees best with the patch: " + best.describe(sized) + "; next: "
                        + resolving.get(1).describe(sized)));
            } else {
                List<String> paths = ties.stream().map(e -> e.candidate().path()).sorted().toList();
                b.reasons.put(object, String.format("inferred, ambiguous: %s, %d agree equally with the patch (%s); "
                        + "taken by the lowest build id, then path", of, ties.size(), best.describe(sized)));
                List<KernelObject> tiedObjects = ties.stream().map(Evidence::candidate).toList();
                List<String> rebound = new ArrayList<>();
                List<String> changed = new ArrayList<>();
                List<Finding.BaselineAmbiguous.TypeStake> typeStakes = new ArrayList<>();
                compareTies(patch, object, specs, tiedObjects, rebound, changed);
                compareTypes(patch, object, specs, tiedObjects, types, typeStakes);
                b.ambiguous.put(object, new Finding.BaselineAmbiguous(object, best.candidate().path(), paths, best.describe(sized),
                        rebound, changed, typeStakes));
                b.tied.put(object, ties.stream().map(Evidence::candidate).toList());
            }
        });
        return b;
    }

    /**
     * What the tied candidates disagree on, judged both ways as if each were the baseline: a reference bound to
     * another entity ({@link IdentityChecks#entity}, {@code symbol-type}), or a replaced function changed
     * ({@link PatchedFunctionCheck#judge}).
     */
    private static void compareTies(Livepatch patch, String object, List<TargetSpec> specs, List<KernelObject> tied,
                                    List<String> rebound, List<String> changed) {
        for (TargetSpec s : specs) {
            if (!s.object().equals(object) || s.imported() != null) {
                continue;
            }
            String label = s.name() + "," + Long.toUnsignedString(s.sympos());
            for (KernelObject a : tied) {
                for (KernelObject c : tied) {
                    if (a == c) {
                        continue;
                    }
                    var sa = Resolutions.resolve(a, s.name(), s.sympos()).bound();
                    var sc = Resolutions.resolve(c, s.name(), s.sympos()).bound();
                    if (sa == null || sc == null) {
                        continue;
                    }
                    boolean replaced = s.role() == Role.PATCHED;
                    Optional<Finding> identity = IdentityChecks.entity(s.name(), s.sympos(), a, sa, c, sc, replaced);
                    if ((identity.filter(f -> f instanceof Finding.DifferentEntity).isPresent()
                            || IdentityChecks.kindOf(sa) != IdentityChecks.kindOf(sc)) && !rebound.contains(label)) {
                        rebound.add(label);
                    } else if (!changed.contains(label)
                            && (identity.filter(f -> f instanceof Finding.SameStaticChanged).isPresent()
                            || replaced && PatchedFunctionCheck.judge(patch, s.patched(), a, sa, c, sc)
                            .filter(f -> f instanceof Finding.PatchedFunctionChanged).isPresent())) {
                        changed.add(label);
                    }
                }
            }
        }
    }

    /**
     * The type checks whose verdicts the choice among the tied candidates decides, judged both ways as if each were the
     * baseline: a variable whose {@code var-layout} differs against one of them and not when the candidate is the
     * baseline itself (where the patch carries its own layout, that is the reference and the choice decides nothing), a
     * function whose {@code func-prototype} differs ({@link LayoutChecks#variable}, {@link PrototypeChecks#function}).
     */
    private static void compareTypes(Livepatch patch, String object, List<TargetSpec> specs, List<KernelObject> tied,
                                     TypeSources types, List<Finding.BaselineAmbiguous.TypeStake> stakes) {
        for (TargetSpec s : specs) {
            if (!s.object().equals(object) || s.imported() != null) {
                continue;
            }
            String label = s.name() + "," + Long.toUnsignedString(s.sympos());
            Optional<Finding.BaselineAmbiguous.TypeStake> stake = Optional.empty();
            for (int i = 0; i < tied.size() * tied.size() && stake.isEmpty(); i++) {
                KernelObject a = tied.get(i / tied.size());
                KernelObject c = tied.get(i % tied.size());
                var sa = a == c ? null : Resolutions.resolve(a, s.name(), s.sympos()).bound();
                var sc = sa == null ? null : Resolutions.resolve(c, s.name(), s.sympos()).bound();
                stake = sc == null ? Optional.empty() : typeStake(patch, s, label, a, sa, c, sc, types);
            }
            stake.ifPresent(stakes::add);
        }
    }

    /**
     * What {@code var-layout} or {@code func-prototype} says of {@code c} with {@code a} as its baseline, where that
     * differs from what it says with {@code c} itself the baseline.
     */
    private static Optional<Finding.BaselineAmbiguous.TypeStake> typeStake(Livepatch patch, TargetSpec s, String label,
                                                                          KernelObject a, Symbol sa, KernelObject c,
                                                                          Symbol sc, TypeSources types) {
        if (LayoutChecks.variable(s.name(), patch, a, sa, c, sc, types).orElse(null) instanceof Finding.VariableLayoutChanged l
                && !(LayoutChecks.variable(s.name(), patch, null, null, c, sc, types).orElse(null)
                instanceof Finding.VariableLayoutChanged)) {
            return Optional.of(new Finding.BaselineAmbiguous.TypeStake("var-layout", label, String.format(
                    "variable %s (%s) is laid out differently in them (from %s to %s: %s)", s.name(),
                    l.referenceType().equals(l.candidateType()) ? l.referenceType() : l.referenceType() + " → " + l.candidateType(),
                    a.path(), c.path(), l.changes()), l.severity()));
        }
        if (PrototypeChecks.function(s.name(), s.role() == Role.PATCHED, a, sa, c, sc, types).orElse(null)
                instanceof Finding.PrototypeChanged p) {
            return Optional.of(new Finding.BaselineAmbiguous.TypeStake("func-prototype", label, String.format(
                    "the prototype of %s differs between them (%s in %s, %s in %s)", s.name(), p.baseline(), a.path(),
                    p.candidate(), c.path()), p.severity()));
        }
        return Optional.empty();
    }

    private static Evidence evidence(Livepatch patch, String object, KernelObject c) {
        List<PatchedFunction> sized = patch.patched().stream()
                .filter(f -> f.object().equals(object) && f.oldSize().isPresent()).toList();
        boolean oldSizes = sized.stream().allMatch(f -> matchesOldSize(c, f));
        int matches = 0;
        int mismatches = 0;
        for (Map.Entry<String, Long> want : patch.module().versions().imported().entrySet()) {
            OptionalLong have = c.versions().exportedCrc(want.getKey());
            if (have.isEmpty()) {
                have = c.versions().importedCrc(want.getKey()); // a module built against the same kernel imports it too
            }
            if (have.isPresent()) {
                if (have.getAsLong() == want.getValue()) {
                    matches++;
                } else {
                    mismatches++;
                }
            }
        }
        String mine = patch.module().vermagic().orElse("");
        String theirs = c.vermagic().orElse("");
        Vermagic vermagic = mine.isEmpty() ? Vermagic.UNKNOWN
                : !theirs.isEmpty() ? (mine.equals(theirs) ? Vermagic.SAME : Vermagic.OTHER)
                : c.symbolsOnly() && c.release().isPresent()
                ? (mine.split(" ", 2)[0].equals(c.release().get()) ? Vermagic.SAME_RELEASE : Vermagic.OTHER_RELEASE)
                : Vermagic.UNKNOWN;
        return new Evidence(c, oldSizes, matches, mismatches, vermagic);
    }

    private static boolean matchesOldSize(KernelObject c, PatchedFunction f) {
        Resolutions.Outcome r = Resolutions.resolve(c, f.oldName(), f.oldSympos());
        return r.bound() != null && r.bound().size() == f.oldSize().getAsLong();
    }

    private static boolean resolvesAll(KernelObject c, List<TargetSpec> specs) {
        for (TargetSpec s : specs) {
            if (s.object().equals(c.name()) && s.imported() == null
                    && !Resolutions.resolve(c, s.name(), s.sympos()).resolvesBoth()) {
                return false;
            }
        }
        return true;
    }
}
