package dev.klpscope.report;

import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which findings of one inspection the gate leaves out ({@link Suppressions}), looked up by what a report knows where
 * it prints a finding: the finding, its target's name ({@code ""} if none) and its candidate ({@code ""} if none).
 */
final class SuppressionMarks {

    /** For a report rendered without a gate (the window's exports): nothing is marked. */
    static final SuppressionMarks NONE = new SuppressionMarks(Map.of());

    private final Map<List<Object>, String> marks;

    private SuppressionMarks(Map<List<Object>, String> marks) {
        this.marks = marks;
    }

    static SuppressionMarks of(Inspection in, Suppressions suppressions) {
        Map<List<Object>, String> marks = new HashMap<>();
        for (IdentifiedFinding f : IdentifiedFinding.of(in)) {
            suppressions.of(f).ifPresent(m -> marks.put(key(f.finding(), f.targetName(), f.candidate().orElse("")), m));
        }
        return new SuppressionMarks(marks);
    }

    /** {@code accepted}, {@code ignored}, or empty for a finding the gate counts. */
    Optional<String> of(Finding f, String target, String candidate) {
        return Optional.ofNullable(marks.get(key(f, target, candidate)));
    }

    Optional<String> of(LocatedFinding l) {
        return of(l.finding(), l.target(), l.candidate());
    }

    /** {@code " [accepted]"}, {@code " [ignored]"} or {@code ""}: appended to a finding's line. */
    String suffix(Finding f, String target, String candidate) {
        return of(f, target, candidate).map(m -> " [" + m + "]").orElse("");
    }

    private static List<Object> key(Finding f, String target, String candidate) {
        return List.of(f, target, candidate);
    }
}
