package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.PatchInfo;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Markdown for a code review comment: the worst and the counts first, the patch's own findings, then one compact
 * table of the targets with findings × candidates (short labels, a legend below) followed by every finding and every
 * kernel message of those cells, then what is ok folded in {@code <details>}. A review tool takes at most
 * {@value #MAX_CHARS} characters in a comment (GitHub's limit): past that the report is cut at a line boundary,
 * with a line that points to the full HTML report. Cells are escaped.
 */
final class MarkdownReport {

    /** GitHub's limit for an issue or pull-request comment body. */
    static final int MAX_CHARS = 65_536;

    private final List<String> lines = new ArrayList<>();
    /** Per line: whether it lies inside an open {@code <details>}, which a cut must close. */
    private final List<Boolean> folded = new ArrayList<>();
    private boolean inDetails;

    private final SuppressionMarks marks;

    private MarkdownReport(SuppressionMarks marks) {
        this.marks = marks;
    }

    static String render(Inspection inspection) {
        return render(inspection, MAX_CHARS);
    }

    /** {@code cap}: the most characters the report may have. */
    static String render(Inspection inspection, int cap) {
        return render(inspection, cap, SuppressionMarks.NONE);
    }

    /** {@code marks}: the findings the gate leaves out, marked accepted or ignored. */
    static String render(Inspection inspection, int cap, SuppressionMarks marks) {
        MarkdownReport r = new MarkdownReport(marks);
        r.write(inspection);
        return r.joined(cap);
    }

    private void write(Inspection in) {
        PatchInfo p = in.patch();
        line("## klpscope: livepatch `" + code(p.name()) + "`");
        line("");
        line("- **" + SummaryLines.worst(in) + "**");
        line("- " + text(SummaryLines.patchFile(in)));
        line("- " + SummaryLines.targets(in.summary()));
        line("- " + SummaryLines.findings(in.summary()));
        SummaryLines.baselines(in).forEach(b -> line("- " + text(b)));
        line("");
        line("Patch `" + code(p.path()) + "`, vermagic `" + code(p.vermagic()) + "`, objects: "
                + p.objects().stream().map(o -> "`" + code(o) + "`").collect(Collectors.joining(", "))
                + ". Lint: the loader of " + p.lintRules().describe() + ". klpscope " + in.toolVersion() + ".");
        line("");
        KlpPatchText.summary(p.klpPatch()).forEach(l -> line("- " + text(l)));
        if (!p.findings().isEmpty()) {
            line("");
            line("### Patch findings");
            line("");
            for (Finding f : Ordering.findingsWorstFirst(p.findings())) {
                findingItem(f, "", List.of(), marks.of(f, "", ""), Optional.empty());
            }
        }
        Map<String, String> labels = CandidateLabels.ofCandidates(in.candidates());
        candidates(in, labels);
        List<Target> withFindings = Ordering.targetsWorstFirst(in).stream()
                .filter(t -> !t.verdicts().isEmpty() && t.worst() != Severity.OK).toList();
        // The patch file's own row leads the table, which is shown for it alone too: never all green over a crash.
        if (!withFindings.isEmpty() || !in.candidates().isEmpty() && p.worst() != Severity.OK) {
            targetTable(in, withFindings, labels);
            for (Target t : withFindings) {
                targetFindings(t, labels);
            }
        }
        kernelBuilds(in);
        List<Target> ok = in.targets().stream().filter(t -> !t.verdicts().isEmpty() && t.worst() == Severity.OK).toList();
        if (!ok.isEmpty()) {
            line("");
            openDetails(ok.size() + " target" + (ok.size() == 1 ? "" : "s") + " ok on every candidate");
            for (Target t : ok) {
                line("- `" + code(SummaryLines.targetName(t)) + "` " + text(SummaryLines.targetTags(t)));
            }
            closeDetails();
        }
        List<Target> unchecked = Ordering.unchecked(in);
        if (!unchecked.isEmpty()) {
            line("");
            line("### Not checked (no candidate for the object)");
            line("");
            for (Target t : unchecked) {
                line("- `" + code(SummaryLines.targetName(t)) + "` " + text(SummaryLines.targetTags(t)));
            }
        }
    }

    /**
     * The kernel-builds matrix, after the breaking table (so that a cut at the cap never takes that): the rows with a
     * cell that is not ok, then the all-ok rows folded, like the ok targets. {@link BuildMatrixReport#markdown} draws
     * the heading and the table's two header lines, then one line per {@link BuildMatrix#rows() row}.
     */
    private void kernelBuilds(Inspection in) {
        List<String> drawn = BuildMatrixReport.markdown(in, marks);
        List<BuildMatrix.Row> rows = BuildMatrix.of(in, marks).map(BuildMatrix::rows).orElse(List.of());
        if (drawn.isEmpty() || rows.isEmpty()) {
            return;
        }
        int head = drawn.size() - rows.size();
        List<String> columns = drawn.subList(head - 2, head);
        List<String> breaking = new ArrayList<>();
        List<String> ok = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            boolean allOk = rows.get(i).cells().stream().allMatch(c -> c.map(BuildMatrix.Cell::severity).orElse(Severity.OK) == Severity.OK);
            (allOk ? ok : breaking).add(drawn.get(head + i));
        }
        drawn.subList(0, head - 2).forEach(this::line);
        if (breaking.isEmpty()) {
            line("Every row is ok on every kernel build.");
        } else {
            columns.forEach(this::line);
            breaking.forEach(this::line);
        }
        if (!ok.isEmpty()) {
            line("");
            openDetails(ok.size() + " row" + (ok.size() == 1 ? "" : "s") + " ok on every kernel build");
            columns.forEach(this::line);
            ok.forEach(this::line);
            closeDetails();
        }
    }

    /** The legend: label, severity, path and baseline of each candidate, its own findings below it. */
    private void candidates(Inspection in, Map<String, String> labels) {
        if (in.candidates().isEmpty()) {
            return;
        }
        line("");
        line("### Candidates");
        line("");
        for (CandidateInfo c : Ordering.candidatesWorstFirst(in)) {
            line("- `" + code(labels.get(c.path())) + "` " + severity(Ordering.candidateWorst(in, c)) + ": `"
                    + code(c.path()) + "`" + (c.baseline() ? ", **baseline**" : "") + " (" + text(SummaryLines.reason(c)) + ")");
            c.types().ifPresent(t -> line("  - types: " + text(t.described())));
            for (Finding f : Ordering.findingsWorstFirst(c.findings())) {
                if (f.severity().atLeast(Severity.INFO)) {
                    findingItem(f, "  ", List.of(), marks.of(f, "", c.path()), LoaderStops.hiddenBy(f, c.findings()));
                }
            }
        }
    }

    /**
     * The patch file's row, then one row per target with findings; one column per candidate: the severity only, the
     * words below.
     */
    private void targetTable(Inspection in, List<Target> targets, Map<String, String> labels) {
        line("");
        line("### Patch file and targets with findings");
        line("");
        line("| Target | " + in.candidates().stream()
                .map(c -> "`" + code(CandidateLabels.shown(labels.get(c.path()), c.baseline())) + "`")
                .collect(Collectors.joining(" | ")) + " |");
        line("|---|" + "---|".repeat(in.candidates().size()));
        // Lint's worst for the file itself holds on every candidate (HtmlReport draws the same row).
        PatchInfo p = in.patch();
        line("| patch file `" + code(Path.of(p.path()).getFileName().toString()) + "` | "
                + (severity(p.worst()) + " | ").repeat(in.candidates().size()).strip());
        for (Target t : targets) {
            line("| `" + code(SummaryLines.targetName(t)) + "` | " + in.candidates().stream()
                    .map(c -> t.verdictFor(c.path()).map(v -> severity(v.severity())).orElse("–"))
                    .collect(Collectors.joining(" | ")) + " |");
        }
    }

    /**
     * A target's findings at or above {@code info} over every candidate, each once with the labels of the candidates
     * that have it, and every kernel message of each (a verdict can carry several: the crc case has two).
     */
    private void targetFindings(Target t, Map<String, String> labels) {
        Map<Finding, List<String>> seen = new LinkedHashMap<>();
        Map<Finding, List<Optional<String>>> marked = new LinkedHashMap<>();
        List<Finding> all = new ArrayList<>();
        for (Verdict v : t.verdicts()) {
            for (Finding f : v.findings()) {
                if (f.severity().atLeast(Severity.INFO)) {
                    seen.computeIfAbsent(f, k -> {
                        all.add(k);
                        return new ArrayList<>();
                    }).add(labels.get(v.candidate()));
                    marked.computeIfAbsent(f, k -> new ArrayList<>()).add(marks.of(f, SummaryLines.targetName(t), v.candidate()));
                }
            }
        }
        line("");
        line("**`" + code(SummaryLines.targetName(t)) + "`** " + text(SummaryLines.targetTags(t)));
        line("");
        for (Finding f : Ordering.findingsWorstFirst(all)) {
            // Marked only when the gate leaves it out on every candidate that has it (one mark for all of them).
            List<Optional<String>> m = marked.get(f);
            findingItem(f, "", seen.get(f), m.stream().distinct().count() == 1 ? m.get(0) : Optional.empty(), Optional.empty());
        }
    }

    /**
     * {@code suppressed}: accepted or ignored, said after the message; {@code stoppedAt}: the candidate's earlier
     * refusal that keeps the kernel from printing this one's line ({@link LoaderStops}).
     */
    private void findingItem(Finding f, String indent, List<String> on, Optional<String> suppressed,
                             Optional<String> stoppedAt) {
        String where = on.isEmpty() ? "" : " (" + on.stream().map(l -> "`" + code(l) + "`").collect(Collectors.joining(", ")) + ")";
        line(indent + "- " + severity(f.severity()) + " `" + code(f.check()) + "`" + where + ": " + cell(MemberDiff.message(f))
                + suppressed.map(s -> " *(" + s + ")*").orElse(""));
        f.kernelMessage().ifPresent(k -> k.lines().forEach(l -> line(indent + "  - kernel: " + stoppedAt
                .map(at -> text(LoaderStops.unprinted(at, "")) + "`" + code(l) + "`").orElse("`" + code(l) + "`"))));
        MemberDiff.under(f, MEMBERS).ifPresent(m -> line(indent + "  - members: " + m));
    }

    /** A member diff's paths as code spans, its words escaped. */
    private static final MemberDiff.Format MEMBERS = new MemberDiff.Format(p -> "`" + code(p) + "`", MarkdownReport::text);

    /** Glyph and word joined by a no-break space, so that a narrow column never wraps a severity. */
    static String severity(Severity s) {
        SeverityStyle style = SeverityStyle.of(s);
        return style.glyph() + "&nbsp;" + style.word();
    }

    private void openDetails(String summary) {
        line("<details><summary>" + text(summary) + "</summary>");
        line("");
        inDetails = true;
    }

    private void closeDetails() {
        line("");
        line("</details>");
        inDetails = false;
    }

    /** The lines, cut at a line boundary when they would pass {@code cap} characters. */
    private String joined(int cap) {
        int total = lines.stream().mapToInt(l -> l.length() + 1).sum();
        StringBuilder out = new StringBuilder(Math.min(total, cap));
        if (total <= cap) {
            lines.forEach(l -> out.append(l).append('\n'));
            return out.toString();
        }
        String note = "\n**Cut to fit a review comment (" + cap + " characters; the whole report has " + total
                + "): the rest is in the HTML report (`--format html`).**\n";
        String close = "\n</details>\n";
        int i = 0;
        while (i < lines.size()) {
            int after = out.length() + lines.get(i).length() + 1;
            String tail = folded.get(i) ? close + note : note;
            if (after + tail.length() > cap) {
                break;
            }
            out.append(lines.get(i)).append('\n');
            i++;
        }
        // The cut falls inside the details when the next line (the first one left out) is inside them.
        return out.append(i < lines.size() && folded.get(i) ? close + note : note).toString();
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
    static String code(String s) {
        return s.replace("`", "'").replace("|", "\\|").replace("\n", " ");
    }

    private void line(String s) {
        lines.add(ControlChars.escape(s));
        folded.add(inDetails);
    }
}
