package dev.klpscope.check;

import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.PatchedFunction;
import dev.klpscope.module.KernelObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The baseline per object: the build the patch is taken to have been made against, which identity checks
 * compare every other candidate with. Given by the user, or inferred: the candidate whose sizes match kpatch's
 * {@code old_size} records, else among the candidates that resolve every target in both load orders the first built
 * for the patch's kernel (same vermagic), else the first of them.
 */
final class Baselines {

    private final Map<String, KernelObject> chosen = new HashMap<>();
    private final Map<String, String> reasons = new HashMap<>();

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

    static Baselines choose(Livepatch patch, List<Inspector.TargetSpec> specs, Map<String, List<KernelObject>> byObject,
                            Collection<String> baselinePaths) {
        Baselines b = new Baselines();
        byObject.forEach((object, candidates) -> {
            for (KernelObject c : candidates) {
                if (baselinePaths.contains(c.path())) {
                    b.chosen.put(object, c);
                    b.reasons.put(object, "given with --baseline");
                    return;
                }
            }
            List<PatchedFunction> sized = patch.patched().stream()
                    .filter(f -> f.object().equals(object) && f.oldSize().isPresent()).toList();
            if (!sized.isEmpty()) {
                for (KernelObject c : candidates) {
                    if (sized.stream().allMatch(f -> matchesOldSize(c, f))) {
                        b.chosen.put(object, c);
                        b.reasons.put(object, "inferred: every replaced function has the size kpatch recorded (old_size)");
                        return;
                    }
                }
            }
            List<KernelObject> resolving = new ArrayList<>();
            for (KernelObject c : candidates) {
                if (resolvesAll(c, specs)) {
                    resolving.add(c);
                }
            }
            if (resolving.isEmpty()) {
                b.reasons.put(object, "none: no candidate of " + object + " resolves every target, so identity checks are skipped");
            } else {
                // The build the patch was made from was built for the patch's kernel: prefer an exact vermagic match.
                String vermagic = patch.module().vermagic().orElse("");
                List<KernelObject> sameKernel = resolving.stream()
                        .filter(c -> !vermagic.isEmpty() && vermagic.equals(c.vermagic().orElse(""))).toList();
                if (!sameKernel.isEmpty() && sameKernel.size() < resolving.size()) {
                    b.chosen.put(object, sameKernel.get(0));
                    b.reasons.put(object, String.format("inferred: of %d candidates that resolve every target, the first built "
                            + "for the patch's kernel (same vermagic)", resolving.size()));
                    return;
                }
                b.chosen.put(object, resolving.get(0));
                b.reasons.put(object, candidates.size() == 1
                        ? "inferred: the only candidate, so nothing is compared with it; give the build the patch was made "
                        + "from with --baseline to check identity, sizes and changed functions"
                        : resolving.size() == 1
                        ? "inferred: the only candidate that resolves every target"
                        : String.format("inferred: the first of %d candidates that resolve every target", resolving.size()));
            }
        });
        return b;
    }

    private static boolean matchesOldSize(KernelObject c, PatchedFunction f) {
        Resolutions.Outcome r = Resolutions.resolve(c, f.oldName(), f.oldSympos());
        return r.bound() != null && r.bound().size() == f.oldSize().getAsLong();
    }

    private static boolean resolvesAll(KernelObject c, List<Inspector.TargetSpec> specs) {
        for (Inspector.TargetSpec s : specs) {
            if (s.object().equals(c.name()) && s.imported() == null
                    && !Resolutions.resolve(c, s.name(), s.sympos()).resolvesBoth()) {
                return false;
            }
        }
        return true;
    }
}
