package dev.klpscope.check;

import java.util.List;

/**
 * What one candidate does with one target: its findings (at least one; {@code ok} findings say what the
 * reference resolves to), their worst severity, and what the candidate has under that name.
 *
 * @param candidate the candidate's path as the user gave it
 */
public record Verdict(String candidate, Severity severity, List<Finding> findings, List<CandidateSymbol> symbols) {

    public Verdict {
        findings = List.copyOf(findings);
        symbols = List.copyOf(symbols);
    }

    public static Verdict of(String candidate, List<Finding> findings, List<CandidateSymbol> symbols) {
        return new Verdict(candidate, Finding.worstOf(findings), findings, symbols);
    }

    /** The worst severity among findings that hold for a load in {@code order}. */
    public Severity severityFor(LoadOrder order) {
        Severity w = Severity.OK;
        for (Finding f : findings) {
            if (f.order().appliesTo(order)) {
                w = Severity.worst(w, f.severity());
            }
        }
        return w;
    }

    /** The finding that decides the severity. */
    public Finding headline() {
        return findings.stream().filter(f -> f.severity() == severity).findFirst().orElse(findings.get(0));
    }
}
