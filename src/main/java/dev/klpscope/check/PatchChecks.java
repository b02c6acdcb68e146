package dev.klpscope.check;

import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.lint.PatchProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Findings about the patch file itself: what the kernel's livepatch core would reject, legacy layouts, unchecked objects. */
final class PatchChecks {

    private PatchChecks() {
    }

    /**
     * @param requireAllObjects an object without a candidate is {@code refused}-level ({@code --require-all-objects})
     * @param targets           every target of the inspection, to count what each such object leaves unchecked
     */
    static PatchInfo info(Livepatch patch, Set<String> candidateObjects, boolean requireAllObjects, List<Target> targets) {
        List<Finding> findings = fileFindings(patch);
        for (String object : patch.objects()) {
            if (!candidateObjects.contains(object)) {
                int unchecked = (int) targets.stream().filter(t -> t.object().equals(object)).count();
                findings.add(new Finding.NoCandidate(object, unchecked, requireAllObjects));
            }
        }
        var m = patch.module();
        return new PatchInfo(patch.path(), patch.name(), m.vermagic().orElse(""), m.srcversion().orElse(""),
                m.buildId().orElse(""), patch.objects(), patch.klpPatch(), patch.functionListSource(), findings,
                patch.lintRules());
    }

    /** What the file itself holds, whatever the candidates: the lint's problems and legacy layouts. */
    static List<Finding> fileFindings(Livepatch patch) {
        List<Finding> findings = new ArrayList<>();
        for (PatchProblem p : patch.problems()) {
            findings.add(new Finding.PatchFileProblem(p.code(), severity(p.level()), p.message(),
                    p.kernelMessage().isEmpty() ? Optional.empty() : Optional.of(p.kernelMessage()), why(p.level())));
        }
        for (String legacy : patch.legacyLayouts()) {
            findings.add(new Finding.PatchFileProblem("legacy-layout", Severity.WARN, "legacy layout: " + legacy, Optional.empty(),
                    "Kernels since 5.8 ignore or reject these; the patch was built for an older kernel or tool."));
        }
        return findings;
    }

    static Severity severity(PatchProblem.Level level) {
        return switch (level) {
            case CRASH -> Severity.CRASH;
            case REFUSED -> Severity.REFUSED;
            case SILENT -> Severity.SILENT;
            case RISK -> Severity.RISK;
            case WARN -> Severity.WARN;
            case INFO -> Severity.INFO;
        };
    }

    private static String why(PatchProblem.Level level) {
        return switch (level) {
            case CRASH -> "The kernel oopses while loading the patch.";
            case REFUSED -> "The kernel refuses to load or enable the patch.";
            case SILENT -> "The patch loads, but part of it is never applied: relocations never written or objects never patched.";
            case RISK -> "Likely wrong at run time although the kernel loads it.";
            case WARN, INFO -> "Worth knowing; the kernel loads the patch.";
        };
    }
}
