package dev.klpscope.report;

import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;

import java.util.stream.Collectors;

/**
 * One line per finding at or above {@code info}, for grep and CI logs: {@code SEVERITY CHECK TARGET CANDIDATE: message}.
 * A field that does not apply (the target of a finding about a whole candidate, the candidate of one about the
 * patch) is {@code -}; spaces inside a field are written {@code \x20} so that the four fields always split on
 * spaces. Nothing at all when there is no such finding.
 */
final class BriefReport {

    private BriefReport() {
    }

    /** A finding the gate leaves out ends in {@code [accepted]} or {@code [ignored]}. */
    static String render(Inspection inspection, SuppressionMarks marks) {
        return LocatedFinding.atLeast(inspection, Severity.INFO).stream()
                .map(l -> ControlChars.escape(l.finding().severity().word() + " " + field(l.finding().check()) + " "
                        + field(l.target()) + " " + field(l.candidate()) + ": " + l.finding().message()
                        + marks.suffix(l.finding(), l.target(), l.candidate())) + "\n")
                .collect(Collectors.joining());
    }

    private static String field(String s) {
        return s.isEmpty() ? "-" : s.replace(" ", "\\x20");
    }
}
