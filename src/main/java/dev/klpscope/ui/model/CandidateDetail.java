package dev.klpscope.ui.model;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Verdict;

import java.util.Comparator;
import java.util.Optional;

/**
 * One card of the details pane: a candidate, its verdict on the selected target (none: another object, or no target
 * selected), and the severity its card header shows, computed here so that card, tree and clipboard agree.
 *
 * @param worst what the card's badge says: the target's verdict in the candidate's column, a summary row's column
 *              (which carries the candidate's own worst), or the candidate's own worst; empty for another object's
 */
public record CandidateDetail(String label, CandidateInfo candidate, Optional<Verdict> verdict, Optional<Severity> worst) {

    /** Worst first (the card a reader came for is the first on screen), another object's last; stable otherwise. */
    public static final Comparator<CandidateDetail> WORST_FIRST = Comparator.comparing(
            (CandidateDetail d) -> d.worst().orElse(null), Comparator.nullsLast(Comparator.naturalOrder()));
}
