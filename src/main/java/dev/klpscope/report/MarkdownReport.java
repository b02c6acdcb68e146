package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.PatchInfo;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Markdown to paste into a code review: the summary, then one table per candidate (worst candidate first,
 * worst target first), each row a target with its verdict. GitHub-flavoured tables; cells are escaped.
 */
final class MarkdownReport {

    private final StringBuilder out = new StringBuilder();

    private MarkdownReport() {
    }

    static String render(Inspection inspection) {
        MarkdownReport r = new MarkdownReport();
        r.write(inspection);
        return r.out.toString();
    }

    private void write(Inspection in) {
        PatchInfo p = in.patch();
        line("## klpscope: livepatch `" + p.name() + "`");
        line("");
        line("Patch `" + code(p.path()) + "`, vermagic `" + code(p.vermagic()) + "`, objects: "
                + p.objects().stream().map(o -> "`" + code(o) + "`").collect(Collectors.joining(", "))
                + ". Lint: the loader of " + p.lintRules().describe() + ". klpscope " + in.toolVersion() + ".");
        line("");
        KlpPatchText.summary(p.klpPatch()).forEach(l -> line("- " + text(l)));
        line("");
        line("- **" + SummaryLines.worst(in) + "**");
        line("- " + SummaryLines.targets(in.summary()));
        line("- " + SummaryLines.findings(in.summary()));
        SummaryLines.baselines(in).forEach(b -> line("- " + text(b)));
        if (!p.findings().isEmpty()) {
            line("");
            line("### Patch findings");
            line("");
            findingTable(p.findings());
        }
        for (CandidateInfo c : Ordering.candidatesWorstFirst(in)) {
            candidate(in, c);
        }
        List<Target> unchecked = Ordering.unchecked(in);
        if (!unchecked.isEmpty()) {
            line("");
            line("### Not checked (no candidate for the object)");
            line("");
            for (Target t : unchecked) {
                line("- `" + code(SummaryLines.targetName(t)) + "` " + SummaryLines.targetTags(t));
            }
        }
    }

    private void candidate(Inspection in, CandidateInfo c) {
        line("");
        line("### " + SeverityStyle.of(Ordering.candidateWorst(in, c)).label() + ": `" + code(c.path()) + "`");
        line("");
        line(text(SummaryLines.candidateFacts(c)) + ". Baseline: " + (c.baseline() ? "**yes**" : "no")
                + " (" + text(SummaryLines.reason(c)) + ").");
        if (!c.findings().isEmpty()) {
            line("");
            findingTable(c.findings());
        }
        List<Target> rows = Ordering.targetsWorstFirst(in).stream()
                .filter(t -> t.verdictFor(c.path()).isPresent())
                .sorted((a, b) -> a.verdictFor(c.path()).get().severity().compareTo(b.verdictFor(c.path()).get().severity()))
                .toList();
        if (rows.isEmpty()) {
            return;
        }
        line("");
        line("| Severity | Target | Kind | Role | Finding | Kernel says |");
        line("|---|---|---|---|---|---|");
        for (Target t : rows) {
            Verdict v = t.verdictFor(c.path()).get();
            List<Finding> findings = Ordering.findingsWorstFirst(v.findings());
            String message = findings.stream()
                    .filter(f -> f == v.headline() || f.severity().atLeast(Severity.INFO))
                    .map(f -> (f == v.headline() ? "" : SeverityStyle.of(f.severity()).label() + ": ")
                            + "`" + code(f.check()) + "` " + cell(f.message()))
                    .collect(Collectors.joining("<br>"));
            line("| " + SeverityStyle.of(v.severity()).label() + " | `" + code(SummaryLines.targetName(t)) + "` | "
                    + t.kind().word() + " | " + t.role().word() + " | " + message + " | " + kernel(v.headline()) + " |");
        }
    }

    private void findingTable(List<Finding> findings) {
        line("| Severity | Check | Finding | Kernel says |");
        line("|---|---|---|---|");
        for (Finding f : Ordering.findingsWorstFirst(findings)) {
            line("| " + SeverityStyle.of(f.severity()).label() + " | `" + code(f.check()) + "` | " + cell(f.message())
                    + " | " + kernel(f) + " |");
        }
    }

    private static String kernel(Finding f) {
        Optional<String> k = f.kernelMessage();
        return k.map(s -> "`" + code(s) + "`").orElse("");
    }

    /** Text inside a table cell: pipes and line breaks would end the cell or the row. */
    private static String cell(String s) {
        return text(s).replace("|", "\\|").replace("\r", "").replace("\n", "<br>");
    }

    /** Plain text: escapes the characters Markdown would read as markup or HTML. */
    private static String text(String s) {
        return s.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")
                .replace("<", "&lt;").replace(">", "&gt;").replace("[", "\\[").replace("]", "\\]");
    }

    /** Inside a code span: backticks cannot be escaped, pipes still end a table cell. */
    private static String code(String s) {
        return s.replace("`", "'").replace("|", "\\|").replace("\n", " ");
    }

    private void line(String s) {
        out.append(ControlChars.escape(s)).append('\n');
    }
}
