package dev.klpscope.livepatch.lint;

import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelVersion;

import java.util.List;
import java.util.Optional;

/**
 * Whose loader the lint models for a livepatch: one of the kernels whose sources the rules were read from (6.1, 6.12
 * and 7.3, Debian's builds; see docs/checks.md), chosen from the release the patch's vermagic names, since that is the
 * only kernel that loads it. A release between two modelled ones gets the older one's rules (changes are known only
 * at the modelled points); one before 6.1, or no vermagic at all, gets 6.1's.
 */
public record KernelRules(KernelVersion modelled, Optional<KernelVersion> builtFor) {

    public static final List<KernelVersion> MODELLED = List.of(KernelVersion.of(6, 1), KernelVersion.of(6, 12),
            KernelVersion.of(7, 3));

    public static KernelRules of(KernelObject module) {
        return of(module.vermagic().flatMap(KernelVersion::fromVermagic));
    }

    public static KernelRules of(Optional<KernelVersion> builtFor) {
        KernelVersion chosen = MODELLED.get(0);
        for (KernelVersion v : MODELLED) {
            if (builtFor.isPresent() && builtFor.get().compareTo(v) >= 0) {
                chosen = v;
            }
        }
        return new KernelRules(chosen, builtFor);
    }

    public boolean atLeast(int major, int minor) {
        return modelled.atLeast(major, minor);
    }

    /** One line for reports: which rules, and why those. */
    public String describe() {
        if (builtFor.isEmpty()) {
            return "Linux " + modelled + " (no kernel release in vermagic; the oldest modelled loader assumed)";
        }
        KernelVersion v = builtFor.get();
        if (v.equals(modelled)) {
            return "Linux " + modelled + " (vermagic)";
        }
        return "Linux " + modelled + ", the closest modelled loader for " + v + " (vermagic)"
                + (v.compareTo(modelled) < 0 ? "; older loaders are not modelled" : "");
    }
}
