package dev.klpscope.report;

import dev.klpscope.check.Inspection;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@link BuildMatrix} in the human formats: text and Markdown say each row as runs of builds
 * ({@code 6.1.0-47 … 6.1.0-53: ok · 6.1.0-56 … 6.1.0-57: silent}); Markdown and HTML draw a table whose columns
 * are the groups of adjacent builds with identical verdicts. Nothing when the candidates come from one build. A cell
 * the gate leaves out is marked as each format marks such a finding: {@code [accepted]}, <em>(accepted)</em>,
 * <strong>(accepted)</strong>, JSON {@code suppressed}.
 */
final class BuildMatrixReport {

    private BuildMatrixReport() {
    }

    static List<String> text(Inspection in, SuppressionMarks marks) {
        return BuildMatrix.of(in, marks).map(m -> {
            List<String> out = new ArrayList<>();
            out.add("Kernel builds (" + m.heading() + ")");
            out.add("  " + m.builds().stream().map(BuildMatrix.Build::label).collect(Collectors.joining(" · ")));
            int width = m.rows().stream().mapToInt(r -> r.label().length()).max().orElse(0);
            for (BuildMatrix.Row r : m.rows()) {
                out.add("  " + r.label() + " ".repeat(width - r.label().length() + 2) + m.runsLine(r));
            }
            out.add("");
            return out;
        }).orElse(List.of());
    }

    static List<String> markdown(Inspection in, SuppressionMarks marks) {
        return BuildMatrix.of(in, marks).map(m -> {
            List<String> out = new ArrayList<>();
            List<BuildMatrix.Run> columns = m.columnGroups();
            out.add("");
            out.add("### Kernel builds (" + m.heading() + ")");
            out.add("");
            out.add("| Target | " + columns.stream().map(c -> "`" + MarkdownReport.code(m.label(c)) + "`")
                    .collect(Collectors.joining(" | ")) + " |");
            out.add("|---|" + "---|".repeat(columns.size()));
            for (BuildMatrix.Row r : m.rows()) {
                out.add("| `" + MarkdownReport.code(r.label()) + "` | " + columns.stream()
                        .map(c -> r.cells().get(c.from()).map(BuildMatrixReport::markdownCell).orElse("–"))
                        .collect(Collectors.joining(" | ")) + " |");
            }
            return out;
        }).orElse(List.of());
    }

    static List<String> html(Inspection in, SuppressionMarks marks) {
        return BuildMatrix.of(in, marks).map(m -> {
            List<String> out = new ArrayList<>();
            List<BuildMatrix.Run> columns = m.columnGroups();
            out.add("<h2 id=\"kernel-builds\">Kernel builds <span class=\"muted\">(" + HtmlReport.esc(m.heading())
                    + ")</span></h2>");
            out.add("<table class=\"matrix\"><tr><th>Target</th>" + columns.stream()
                    .map(c -> "<th>" + HtmlReport.esc(m.label(c)) + "</th>").collect(Collectors.joining()) + "</tr>");
            for (BuildMatrix.Row r : m.rows()) {
                out.add("<tr><td><code>" + HtmlReport.esc(r.label()) + "</code></td>" + columns.stream()
                        .map(c -> "<td>" + cell(r.cells().get(c.from())) + "</td>").collect(Collectors.joining()) + "</tr>");
            }
            out.add("</table>");
            return out;
        }).orElse(List.of());
    }

    private static String markdownCell(BuildMatrix.Cell c) {
        return MarkdownReport.severity(c.severity()) + c.suppressed().map(m -> " *(" + m + ")*").orElse("");
    }

    private static String cell(Optional<BuildMatrix.Cell> cell) {
        return cell.map(c -> HtmlReport.badge(c.severity())
                        + c.suppressed().map(m -> " <strong>(" + HtmlReport.esc(m) + ")</strong>").orElse(""))
                .orElse("<span class=\"muted\">none</span>");
    }

    /** JSON {@code matrix}: builds by version, each row's cells and runs (docs/json-format.md); absent for one build. */
    static void json(Inspection in, Suppressions suppressions, JsonWriter w, Anchors anchors) {
        Optional<BuildMatrix> matrix = BuildMatrix.of(in, suppressions);
        if (matrix.isEmpty()) {
            return;
        }
        BuildMatrix m = matrix.get();
        w.name("matrix").beginObject();
        w.name("builds").beginArray();
        for (BuildMatrix.Build b : m.builds()) {
            w.beginObject().field("label", b.label());
            w.name("release");
            b.build().ifPresentOrElse(k -> w.value(k.release()), w::nullValue);
            w.name("candidates").beginArray();
            b.candidates().forEach(c -> w.value(anchors.candidate(c)));
            w.endArray().endObject();
        }
        w.endArray();
        w.name("rows").beginArray();
        for (BuildMatrix.Row r : m.rows()) {
            w.beginObject().field("object", r.object());
            w.name("target");
            r.target().ifPresentOrElse(t -> w.value(anchors.target(t)), w::nullValue);
            w.name("cells").beginArray();
            r.cells().forEach(c -> c.ifPresentOrElse(s -> w.value(s.severity().word()), w::nullValue));
            w.endArray();
            w.name("runs").beginArray();
            for (BuildMatrix.Run run : m.runs(r)) {
                w.beginObject().field("from", m.builds().get(run.from()).label()).field("to", m.builds().get(run.to()).label());
                w.name("verdict");
                run.cell().ifPresentOrElse(s -> w.value(s.severity().word()), w::nullValue);
                w.name("suppressed");
                run.cell().flatMap(BuildMatrix.Cell::suppressed).ifPresentOrElse(w::value, w::nullValue);
                w.endObject();
            }
            w.endArray().endObject();
        }
        w.endArray().endObject();
    }
}
