package dev.klpscope.ui.model;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Verdict;

import java.util.Optional;

/** One column of the details pane: a candidate and its verdict on the selected target (none: another object). */
public record CandidateDetail(String label, CandidateInfo candidate, Optional<Verdict> verdict) {
}
