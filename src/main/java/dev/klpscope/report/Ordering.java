package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;

import java.util.Comparator;
import java.util.List;

/**
 * Worst-first orderings shared by every report. Sorts are stable, so equal severities keep the order the
 * inspection gave (symbol-table order for targets, the user's order for candidates): reports stay deterministic.
 */
final class Ordering {

    private Ordering() {
    }

    static List<Target> targetsWorstFirst(Inspection inspection) {
        return inspection.targets().stream().sorted(Comparator.comparing(Target::worst)).toList();
    }

    static List<Verdict> verdictsWorstFirst(Target target) {
        return target.verdicts().stream().sorted(Comparator.comparing(Verdict::severity)).toList();
    }

    static List<Finding> findingsWorstFirst(List<Finding> findings) {
        return Finding.worstFirst(findings);
    }

    /** A candidate's worst over its own findings and every verdict about it. */
    static Severity candidateWorst(Inspection inspection, CandidateInfo candidate) {
        Severity worst = candidate.worst();
        for (Target t : inspection.targets()) {
            for (Verdict v : t.verdicts()) {
                if (v.candidate().equals(candidate.path())) {
                    worst = Severity.worst(worst, v.severity());
                }
            }
        }
        return worst;
    }

    static List<CandidateInfo> candidatesWorstFirst(Inspection inspection) {
        return inspection.candidates().stream()
                .sorted(Comparator.comparing((CandidateInfo c) -> candidateWorst(inspection, c))).toList();
    }

    /** The worst of everything: the summary's, recomputed so that a report never understates. */
    static Severity overallWorst(Inspection inspection) {
        Severity worst = Severity.worst(inspection.summary().worst(), inspection.patch().worst());
        for (CandidateInfo c : inspection.candidates()) {
            worst = Severity.worst(worst, candidateWorst(inspection, c));
        }
        for (Target t : inspection.targets()) {
            worst = Severity.worst(worst, t.worst());
        }
        return worst;
    }

    /** Targets whose object has no candidate: listed, never checked. */
    static List<Target> unchecked(Inspection inspection) {
        return inspection.targets().stream().filter(t -> t.verdicts().isEmpty()).toList();
    }
}
