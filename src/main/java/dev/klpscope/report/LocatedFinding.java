package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A finding with where it was found, for the one-line-per-finding formats.
 *
 * @param target    {@code object:symbol,sympos}, or empty for a finding about the patch or a candidate as a whole
 * @param candidate the candidate's path, or empty for a finding about the patch itself
 */
record LocatedFinding(Finding finding, String target, String candidate) {

    private static final Comparator<LocatedFinding> ORDER = Comparator
            .comparing((LocatedFinding l) -> l.finding().severity())
            .thenComparing(LocatedFinding::target)
            .thenComparing(LocatedFinding::candidate)
            .thenComparing(l -> l.finding().check())
            .thenComparing(l -> l.finding().message());

    /**
     * Every finding at or above {@code least}, worst first, then by target, candidate, check and message: an order
     * that depends on the findings alone, not on the order the candidates were given in.
     */
    static List<LocatedFinding> atLeast(Inspection in, Severity least) {
        List<LocatedFinding> out = new ArrayList<>();
        in.patch().findings().forEach(f -> out.add(new LocatedFinding(f, "", "")));
        for (CandidateInfo c : in.candidates()) {
            c.findings().forEach(f -> out.add(new LocatedFinding(f, "", c.path())));
        }
        for (Target t : in.targets()) {
            for (Verdict v : t.verdicts()) {
                v.findings().forEach(f -> out.add(new LocatedFinding(f, SummaryLines.targetName(t), v.candidate())));
            }
        }
        return out.stream().filter(l -> l.finding().severity().atLeast(least)).sorted(ORDER).toList();
    }
}
