package dev.klpscope.check;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts for the summary line: targets split into functions and variables (as libabigail splits its summary),
 * and findings per severity over every verdict, candidate and the patch itself.
 *
 * @param breakingTargets       targets with a verdict at {@code risk} or worse
 * @param uncheckedTargets      targets whose object has no candidate: listed, never checked
 * @param breakingPatchFindings findings about the patch file itself at {@code risk} or worse, which no target carries
 */
public record Summary(int targets, int functions, int variables, int unknown, int breakingTargets, int uncheckedTargets,
                      int breakingPatchFindings, Map<Severity, Integer> findings, Severity worst) {

    public Summary {
        EnumMap<Severity, Integer> copy = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            copy.put(s, findings.getOrDefault(s, 0));
        }
        findings = Collections.unmodifiableMap(copy);
    }

    public int count(Severity s) {
        return findings.get(s);
    }
}
