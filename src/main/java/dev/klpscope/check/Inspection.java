package dev.klpscope.check;

import java.util.List;
import java.util.Optional;

/** The whole result: a livepatch against its candidates. Everything the reports and the window show comes from here. */
public record Inspection(String toolVersion, PatchInfo patch, List<CandidateInfo> candidates, List<Target> targets,
                         Summary summary) {

    public Inspection {
        candidates = List.copyOf(candidates);
        targets = List.copyOf(targets);
    }

    public Severity worst() {
        return summary.worst();
    }

    public Optional<CandidateInfo> candidate(String path) {
        return candidates.stream().filter(c -> c.path().equals(path)).findFirst();
    }

    /** Targets whose worst verdict is at least {@code severity}. */
    public List<Target> targetsAtLeast(Severity severity) {
        return targets.stream().filter(t -> t.worst().atLeast(severity)).toList();
    }
}
