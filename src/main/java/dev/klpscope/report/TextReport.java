package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.PatchInfo;
import dev.klpscope.check.Site;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;

import java.util.List;
import java.util.Optional;

/**
 * The terminal report: a summary first (targets counted as functions and variables, findings per severity,
 * the worst, the patch file's own row, the baseline and why), the patch's findings, the candidates, then findings
 * worst first: each candidate's, then per target.
 */
final class TextReport {

    private final StringBuilder out = new StringBuilder();

    private final SuppressionMarks marks;

    private TextReport(SuppressionMarks marks) {
        this.marks = marks;
    }

    /** A finding the gate leaves out ends in {@code [accepted]} or {@code [ignored]}. */
    static String render(Inspection inspection, SuppressionMarks marks) {
        TextReport r = new TextReport(marks);
        r.write(inspection);
        return r.out.toString();
    }

    private void write(Inspection in) {
        PatchInfo p = in.patch();
        line("klpscope " + in.toolVersion() + ": livepatch " + p.name() + " (" + p.path() + ")");
        line("  vermagic '" + p.vermagic() + "', objects: " + String.join(", ", p.objects())
                + (p.functionListSource().isEmpty() ? "" : ", functions from " + p.functionListSource()));
        line("  lint: the loader of " + p.lintRules().describe());
        KlpPatchText.summary(p.klpPatch()).forEach(l -> line("  " + l));
        line("");
        line("Summary");
        line("  " + SummaryLines.targets(in.summary()));
        line("  " + SummaryLines.findings(in.summary()));
        line("  " + SummaryLines.worst(in));
        line("  " + SummaryLines.patchFile(in));
        SummaryLines.baselines(in).forEach(b -> line("  " + b));
        if (!p.findings().isEmpty()) {
            line("");
            line("Patch findings");
            findings(p.findings(), "", "", "  ");
        }
        line("");
        BuildMatrixReport.text(in, marks).forEach(this::line);
        line(in.candidates().isEmpty() ? "Candidates: none (the patch file is checked alone)" : "Candidates (worst first)");
        for (CandidateInfo c : Ordering.candidatesWorstFirst(in)) {
            line("  " + pad(SeverityStyle.of(Ordering.candidateWorst(in, c)).label()) + c.path());
            line("      " + SummaryLines.candidateFacts(c));
            c.types().ifPresent(t -> line("      types: " + t.described()));
            line("      baseline: " + (c.baseline() ? "yes" : "no") + " (" + SummaryLines.reason(c) + ")");
        }
        if (in.candidates().stream().anyMatch(c -> !c.findings().isEmpty())) {
            line("");
            line("Candidate findings");
            for (CandidateInfo c : Ordering.candidatesWorstFirst(in)) {
                if (!c.findings().isEmpty()) {
                    line("  " + c.path());
                    findings(c.findings(), "", c.path(), "    ");
                }
            }
        }
        line("");
        line("Targets (worst first)");
        if (in.targets().isEmpty()) {
            line("  none");
        }
        for (Target t : Ordering.targetsWorstFirst(in)) {
            target(t);
        }
    }

    private void target(Target t) {
        line("  " + SummaryLines.targetName(t) + " " + SummaryLines.targetTags(t));
        for (Site s : t.sites()) {
            line("      at " + s.section() + "+0x" + Long.toHexString(s.offset()) + " " + s.type()
                    + (s.addend() == 0 ? "" : " addend " + s.addend())
                    + (s.function().isEmpty() ? "" : " in " + s.function()));
        }
        if (t.verdicts().isEmpty()) {
            line("      not checked: no candidate for object " + t.object());
        }
        for (Verdict v : Ordering.verdictsWorstFirst(t)) {
            line("    " + pad(SeverityStyle.of(v.severity()).label()) + v.candidate());
            if (v.findings().size() == 1) {
                // The verdict's label already says the one finding's severity.
                Finding only = v.findings().get(0);
                line("        " + pad("") + SummaryLines.finding(only)
                        + marks.suffix(only, SummaryLines.targetName(t), v.candidate()));
                only.kernelMessage().ifPresent(k -> kernel(k, "        "));
                continue;
            }
            findings(v.findings(), SummaryLines.targetName(t), v.candidate(), "        ");
        }
    }

    /** {@code target}, {@code candidate}: what the findings are about ({@code ""} if nothing), for their marks. */
    private void findings(List<Finding> findings, String target, String candidate, String indent) {
        for (Finding f : Ordering.findingsWorstFirst(findings)) {
            line(indent + pad(SeverityStyle.of(f.severity()).label()) + SummaryLines.finding(f)
                    + marks.suffix(f, target, candidate));
            // A candidate's own refusal after the one the loader stops at is never printed by the kernel.
            Optional<String> stop = target.isEmpty() && !candidate.isEmpty() ? LoaderStops.hiddenBy(f, findings) : Optional.empty();
            f.kernelMessage().ifPresent(k -> line(indent + pad("") + "kernel: "
                    + stop.map(s -> LoaderStops.unprinted(s, "\"" + k + "\"")).orElse("\"" + k + "\"")));
        }
    }

    private void kernel(String message, String indent) {
        line(indent + pad("") + "kernel: \"" + message + "\"");
    }

    /** Severity labels padded to one width so that messages line up. */
    private static String pad(String label) {
        return String.format("%-12s", label);
    }

    private void line(String s) {
        out.append(ControlChars.escape(s)).append('\n');
    }
}
