package dev.klpscope.report;

import dev.klpscope.load.Loading;
import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.TargetKind;
import dev.klpscope.check.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every format, on every sample patch inspected against all of its scenario candidates at once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportsTest {

    private static final Pattern TARGETS_LINE =
            Pattern.compile("Targets: (\\d+) \\((\\d+) functions, (\\d+) variables, (\\d+) unknown\\)");

    Stream<Path> patches() {
        return TestSamples.candidatesByPatch().keySet().stream();
    }

    /** Inspections are shared between the tests of this class: the vmlinux samples take seconds each. */
    private static final Map<Path, Inspection> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private static Inspection inspect(Path patch) {
        return CACHE.computeIfAbsent(patch, ReportsTest::inspectAfresh);
    }

    private static Inspection inspectAfresh(Path patch) {
        List<Path> candidates = TestSamples.candidatesByPatch().get(patch);
        return Loading.inspect(patch, candidates, List.of());
    }

    @Test
    void samplesHaveScenarios() {
        assertTrue(TestSamples.scenarios().size() >= 4, "scenarios.tsv lists too few scenarios: " + TestSamples.dir());
    }

    @ParameterizedTest
    @MethodSource("patches")
    void everyFormatIsDeterministicAcrossRuns(Path patch) {
        Inspection first = inspect(patch);
        Inspection second = inspectAfresh(patch);
        for (ReportFormat f : textFormats()) {
            assertEquals(Reports.render(first, f), Reports.render(second, f), f + " differs between two runs");
        }
    }

    @ParameterizedTest
    @MethodSource("patches")
    void textLeadsWithSummaryCountingFunctionsAndVariablesApart(Path patch) {
        Inspection in = inspect(patch);
        String text = Reports.render(in, ReportFormat.TEXT);
        Matcher m = TARGETS_LINE.matcher(text);
        assertTrue(m.find(), "no summary line in\n" + text);
        assertTrue(m.start() < text.indexOf("Targets (worst first)"), "summary must come before the targets");
        List<Target> targets = in.targets();
        assertEquals(targets.size(), Integer.parseInt(m.group(1)), "targets");
        assertEquals(count(targets, TargetKind.FUNCTION), Integer.parseInt(m.group(2)), "functions");
        assertEquals(count(targets, TargetKind.VARIABLE), Integer.parseInt(m.group(3)), "variables");
        assertEquals(count(targets, TargetKind.UNKNOWN), Integer.parseInt(m.group(4)), "unknown");
        assertTrue(text.contains("Worst: " + SeverityStyle.of(Reports.worst(in)).label()), text);
        for (CandidateInfo c : in.candidates()) {
            if (c.baseline()) {
                assertTrue(text.contains("Baseline for " + c.object() + ": " + c.path() + " (" + c.baselineReason() + ")"),
                        "baseline and its reason missing:\n" + text);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("patches")
    void textListsTargetsWorstFirstWithEveryVerdict(Path patch) {
        Inspection in = inspect(patch);
        String text = Reports.render(in, ReportFormat.TEXT);
        String targetsPart = text.substring(text.indexOf("Targets (worst first)"));
        int last = -1;
        Severity previous = Severity.CRASH;
        for (Target t : Ordering.targetsWorstFirst(in)) {
            String heading = "  " + t.object() + ":" + t.symbol() + "," + t.sympos() + " [" + t.kind().word() + ", "
                    + t.role().word() + "]";
            int at = targetsPart.indexOf(heading + "\n", last + 1);
            assertTrue(at > last, "target " + heading + " missing or out of order in\n" + targetsPart);
            assertTrue(previous.ordinal() <= t.worst().ordinal(), "targets not worst first");
            previous = t.worst();
            last = at;
        }
        for (Target t : in.targets()) {
            for (Verdict v : t.verdicts()) {
                for (Finding f : v.findings()) {
                    assertTrue(text.contains(f.check() + ": " + f.message()), "finding missing: " + f.message());
                    f.kernelMessage().ifPresent(k -> assertTrue(text.contains("kernel: \"" + k + "\""), "kernel line " + k));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("patches")
    void markdownAndHtmlNameEveryTargetAndEveryBreakingVerdict(Path patch) {
        Inspection in = inspect(patch);
        String md = Reports.render(in, ReportFormat.MARKDOWN);
        String mdPlain = md.replace("\\", "");
        String html = Reports.render(in, ReportFormat.HTML);
        for (Target t : in.targets()) {
            String name = t.object() + ":" + t.symbol() + "," + t.sympos();
            assertTrue(md.contains("`" + name + "`"), "markdown lacks " + name);
            assertTrue(html.contains("<code>" + HtmlReport.esc(name) + "</code>"), "html lacks " + name);
            for (Verdict v : t.verdicts()) {
                if (!v.severity().atLeast(Severity.RISK)) {
                    continue;
                }
                Finding h = v.headline();
                assertTrue(mdPlain.contains(h.message()), "markdown lacks breaking verdict: " + h.message());
                assertTrue(html.contains(HtmlReport.esc(h.message())), "html lacks breaking verdict: " + h.message());
                String cell = "✖&nbsp;".replace("✖", SeverityStyle.of(v.severity()).glyph()) + v.severity().word();
                String row = md.lines().filter(l -> l.startsWith("| `" + name + "` |")).findFirst().orElse("");
                assertTrue(row.contains("| " + cell + " |"), "the markdown row must hold glyph and word: " + row);
            }
        }
        for (CandidateInfo c : in.candidates()) {
            assertTrue(md.contains(": `" + c.path() + "`"), "markdown legend lacks " + c.path());
        }
    }

    @ParameterizedTest
    @MethodSource("patches")
    void htmlIsSelfContainedWithUniqueStableAnchors(Path patch) {
        Inspection in = inspect(patch);
        String html = Reports.render(in, ReportFormat.HTML);
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "no external resources");
        assertTrue(html.contains("<style>"), "inline CSS");
        Set<String> ids = new HashSet<>();
        Matcher m = Pattern.compile(" id=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            assertTrue(ids.add(m.group(1)), "duplicate id " + m.group(1));
        }
        Anchors anchors = Anchors.of(in);
        for (Target t : in.targets()) {
            assertTrue(ids.contains(anchors.target(t)), "no anchor for " + t.label());
            assertTrue(anchors.target(t).contains(Anchors.slug(t.symbol())), "anchor is not derived from the name");
        }
        assertEquals(count(html, "<details"), count(html, "</details>"));
        for (Target t : in.targets()) {
            for (Verdict v : t.verdicts()) {
                assertTrue(html.contains(">" + SeverityStyle.of(v.severity()).label() + "</span>"), "glyph + word badge");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("patches")
    void jsonHasEveryRequiredField(Path patch) {
        Inspection in = inspect(patch);
        Map<String, Object> root = MiniJson.object(MiniJson.parse(Reports.render(in, ReportFormat.JSON)));
        // The matrix comes exactly when the candidates name two or more kernel releases.
        boolean builds = in.candidates().stream().map(CandidateInfo::release).filter(r -> !r.isEmpty()).distinct().count() >= 2;
        assertEquals(builds ? List.of("formatVersion", "tool", "patch", "candidates", "targets", "matrix", "findings", "summary")
                : List.of("formatVersion", "tool", "patch", "candidates", "targets", "findings", "summary"), List.copyOf(root.keySet()));
        JsonShape.requireInspectionShape(root);
        List<Object> targets = MiniJson.array(root.get("targets"));
        assertEquals(in.targets().size(), targets.size());
        Set<String> paths = new HashSet<>();
        for (Object c : MiniJson.array(root.get("candidates"))) {
            paths.add((String) MiniJson.object(c).get("path"));
        }
        assertEquals(in.candidates().stream().map(CandidateInfo::path).collect(java.util.stream.Collectors.toSet()), paths);
        for (Object t : targets) {
            for (Object v : MiniJson.array(MiniJson.object(t).get("verdicts"))) {
                Map<String, Object> verdict = MiniJson.object(v);
                assertTrue(paths.contains((String) verdict.get("candidate")), "verdict for an unknown candidate");
                Severity worst = Severity.OK;
                for (Object f : MiniJson.array(verdict.get("findings"))) {
                    worst = Severity.worst(worst, Severity.fromWord((String) MiniJson.object(f).get("severity")));
                }
                assertEquals(worst.word(), verdict.get("severity"), "a verdict's severity is the worst of its findings");
            }
        }
        Map<String, Object> summary = MiniJson.object(root.get("summary"));
        assertEquals((long) in.summary().functions(), summary.get("functions"));
        assertEquals((long) in.summary().variables(), summary.get("variables"));
        assertEquals(Reports.worst(in).word(), summary.get("worst"));
    }

    private static int count(List<Target> targets, TargetKind kind) {
        return (int) targets.stream().filter(t -> t.kind() == kind).count();
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void everyFormatHasARenderer() {
        Path patch = patches().findFirst().orElseThrow(() -> new AssertionError("no samples"));
        Inspection in = inspect(patch);
        for (ReportFormat f : textFormats()) {
            String out = Reports.render(in, f);
            if (out.isBlank()) {
                fail(f + " renders nothing");
            }
        }
    }

    /** The image (PNG) is drawn by report.image and tested by ReviewImageTest. */
    private static List<ReportFormat> textFormats() {
        return java.util.Arrays.stream(ReportFormat.values()).filter(f -> !f.isImage()).toList();
    }
}
