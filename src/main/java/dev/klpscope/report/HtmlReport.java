package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.PatchInfo;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Site;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;

import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A self-contained HTML page (inline CSS, no scripts, no external resources): a test-info header, the summary
 * (the worst first), the patch's own findings, candidates, then targets worst first as collapsible {@code <details>} sections, opened when they break.
 * Every target and finding has a stable anchor id; severities show glyph, word and colour together.
 */
final class HtmlReport {

    private static final String CSS = """
            :root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #5f6368; --line: #d0d7de; --code: #f3f4f6; }
            @media (prefers-color-scheme: dark) { :root { --fg: #e6e6e6; --bg: #16181c; --muted: #a0a4a8; --line: #3a3f45; --code: #23262b; } }
            body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 2em auto; max-width: 70em; padding: 0 1em; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.15em; border-bottom: 1px solid var(--line); padding-bottom: .2em; margin-top: 1.6em; }
            code, .mono { font-family: ui-monospace, monospace; background: var(--code); padding: 0 .25em; border-radius: 3px; }
            table { border-collapse: collapse; width: 100%; margin: .5em 0; } th, td { border: 1px solid var(--line); padding: .25em .5em; text-align: left; vertical-align: top; }
            .muted { color: var(--muted); } .kernel { font-family: ui-monospace, monospace; color: var(--muted); }
            .sev { display: inline-block; min-width: 6.5em; font-weight: 600; padding: 0 .4em; border-radius: 3px; color: #fff; white-space: nowrap; }
            details { border: 1px solid var(--line); border-radius: 4px; margin: .4em 0; padding: .3em .6em; }
            summary { cursor: pointer; } a.anchor { color: var(--muted); text-decoration: none; margin-left: .4em; }
            ul.findings { margin: .2em 0 .4em 0; padding-left: 1.2em; }
            """;

    private final StringBuilder out = new StringBuilder();
    private final Anchors anchors;

    private final SuppressionMarks marks;

    private HtmlReport(Inspection inspection, SuppressionMarks marks) {
        this.anchors = Anchors.of(inspection);
        this.marks = marks;
    }

    static String render(Inspection inspection) {
        return render(inspection, SuppressionMarks.NONE);
    }

    /** {@code marks}: the findings the gate leaves out, marked accepted or ignored. */
    static String render(Inspection inspection, SuppressionMarks marks) {
        HtmlReport r = new HtmlReport(inspection, marks);
        r.write(inspection);
        return r.out.toString();
    }

    private void write(Inspection in) {
        PatchInfo p = in.patch();
        line("<!DOCTYPE html>");
        line("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        line("<title>klpscope: " + esc(p.name()) + "</title>");
        out.append("<style>\n").append(CSS).append(severityCss()).append("</style></head><body>\n");
        line("<h1>klpscope: livepatch <code>" + esc(p.name()) + "</code> " + badge(Ordering.overallWorst(in)) + "</h1>");
        line("<table class=\"info\">");
        row("Patch", "<code>" + esc(p.path()) + "</code>");
        row("vermagic", "<code>" + esc(p.vermagic()) + "</code>");
        row("Objects", esc(String.join(", ", p.objects())));
        row("Functions from", esc(p.functionListSource()));
        row("klp_patch", String.join("<br>", KlpPatchText.summary(p.klpPatch()).stream().map(HtmlReport::esc).toList()));
        row("Lint rules", esc(p.lintRules().describe()));
        row("Tool", "klpscope " + esc(in.toolVersion()));
        line("</table>");

        line("<h2 id=\"summary\">Summary</h2><ul>");
        line("<li><strong>" + esc(SummaryLines.worst(in)) + "</strong></li>");
        line("<li>" + esc(SummaryLines.patchFile(in)) + "</li>");
        line("<li>" + esc(SummaryLines.targets(in.summary())) + "</li>");
        line("<li>" + esc(SummaryLines.findings(in.summary())) + "</li>");
        SummaryLines.baselines(in).forEach(b -> line("<li>" + esc(b) + "</li>"));
        line("</ul>");

        // The patch's own findings (a crash, a refusal) come before the candidates: they hold on every kernel, and
        // an all-ok candidates table above them would read as a pass.
        if (!p.findings().isEmpty()) {
            line("<h2 id=\"patch-findings\">Patch findings</h2>");
            findingList(p.findings(), i -> anchors.finding(null, i), "", "");
        }
        BuildMatrixReport.html(in, marks).forEach(this::line);
        line("<h2 id=\"candidates\">Candidates</h2>");
        line("<table><tr><th>Worst</th><th>Path</th><th>Build</th><th>Baseline</th></tr>");
        // The patch file's own row first: its lint holds on every candidate, so the table is never all ok over a crash.
        line("<tr class=\"patch-file\"><td>" + badge(p.worst()) + "</td><td><code>" + esc(p.path())
                + "</code></td><td>patch file (lint: the loader of " + esc(p.lintRules().describe()) + ")</td><td>–</td></tr>");
        for (CandidateInfo c : Ordering.candidatesWorstFirst(in)) {
            line("<tr id=\"" + anchors.candidate(c) + "\"><td>" + badge(Ordering.candidateWorst(in, c)) + "</td><td><code>"
                    + esc(c.path()) + "</code></td><td>" + esc(SummaryLines.candidateFacts(c))
                    + c.types().map(t -> "<br><span class=\"muted\">types: " + esc(t.described()) + "</span>").orElse("") + "</td><td>"
                    + (c.baseline() ? "<strong>yes</strong>" : "no") + " <span class=\"muted\">("
                    + esc(SummaryLines.reason(c)) + ")</span></td></tr>");
        }
        line("</table>");

        for (CandidateInfo c : Ordering.candidatesWorstFirst(in)) {
            if (!c.findings().isEmpty()) {
                line("<h2 id=\"" + anchors.candidate(c) + "-findings\">Findings for <code>" + esc(c.path()) + "</code></h2>");
                findingList(c.findings(), i -> anchors.finding(c, i), "", c.path());
            }
        }

        line("<h2 id=\"targets\">Targets, worst first</h2>");
        for (Target t : Ordering.targetsWorstFirst(in)) {
            target(t);
        }
        line("</body></html>");
    }

    private void target(Target t) {
        String id = anchors.target(t);
        boolean open = t.worst().atLeast(Severity.RISK);
        line("<details id=\"" + id + "\"" + (open ? " open" : "") + "><summary>" + badge(t.worst()) + " <code>"
                + esc(SummaryLines.targetName(t)) + "</code> " + esc(SummaryLines.targetTags(t))
                + "<a class=\"anchor\" href=\"#" + id + "\" title=\"link to this target\">#</a></summary>");
        if (!t.sites().isEmpty()) {
            line("<table><tr><th>Section</th><th>Offset</th><th>Type</th><th>Addend</th><th>In function</th></tr>");
            for (Site s : t.sites()) {
                line("<tr><td><code>" + esc(s.section()) + "</code></td><td class=\"mono\">0x" + Long.toHexString(s.offset())
                        + "</td><td>" + esc(s.type()) + "</td><td class=\"mono\">" + s.addend() + "</td><td>"
                        + (s.function().isEmpty() ? "" : "<code>" + esc(s.function()) + "</code>") + "</td></tr>");
            }
            line("</table>");
        }
        if (t.verdicts().isEmpty()) {
            line("<p class=\"muted\">Not checked: no candidate for object " + esc(t.object()) + ".</p>");
        }
        for (Verdict v : Ordering.verdictsWorstFirst(t)) {
            line("<p>" + badge(v.severity()) + " <code>" + esc(v.candidate()) + "</code></p>");
            findingList(v.findings(), i -> anchors.finding(t, v.candidate(), i), SummaryLines.targetName(t), v.candidate());
        }
        line("</details>");
    }

    /** {@code target}, {@code candidate}: what the findings are about ({@code ""} if nothing), for their marks. */
    private void findingList(List<Finding> findings, IntFunction<String> anchor, String target, String candidate) {
        line("<ul class=\"findings\">");
        List<Finding> sorted = Ordering.findingsWorstFirst(findings);
        for (int i = 0; i < sorted.size(); i++) {
            Finding f = sorted.get(i);
            String id = anchor.apply(i);
            StringBuilder li = new StringBuilder("<li id=\"" + id + "\">" + badge(f.severity()) + " <code>" + esc(f.check())
                    + "</code> " + esc(f.message()));
            marks.of(f, target, candidate).ifPresent(m -> li.append(" <strong>(").append(esc(m)).append(")</strong>"));
            Optional<String> stop = target.isEmpty() && !candidate.isEmpty() ? LoaderStops.hiddenBy(f, findings) : Optional.empty();
            f.kernelMessage().ifPresent(k -> li.append("<br><span class=\"kernel\">kernel: ")
                    .append(esc(stop.map(at -> LoaderStops.unprinted(at, "\"" + k + "\"")).orElse("\"" + k + "\"")))
                    .append("</span>"));
            li.append("<br><span class=\"muted\">").append(esc(f.why())).append("</span>");
            li.append("<a class=\"anchor\" href=\"#").append(id).append("\" title=\"link to this finding\">#</a></li>");
            line(li.toString());
        }
        line("</ul>");
    }

    /** Glyph, word and colour: the word and glyph carry the meaning, colour only repeats it. */
    static String badge(Severity s) {
        SeverityStyle style = SeverityStyle.of(s);
        return "<span class=\"sev sev-" + s.word() + "\">" + esc(style.label()) + "</span>";
    }

    private static String severityCss() {
        StringBuilder b = new StringBuilder();
        for (SeverityStyle s : SeverityStyle.values()) {
            b.append(".sev-").append(s.word()).append(" { background: ").append(s.colour()).append("; }\n");
        }
        return b.toString();
    }

    private void row(String key, String valueHtml) {
        line("<tr><th>" + esc(key) + "</th><td>" + valueHtml + "</td></tr>");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private void line(String s) {
        out.append(ControlChars.escape(s)).append('\n');
    }
}
