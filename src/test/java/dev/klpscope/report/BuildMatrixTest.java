package dev.klpscope.report;

import dev.klpscope.SampleFiles;
import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.load.Loading;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Targets × kernel builds on real builds of one source for three kernels (samples/README.md, "Newer kernels"): foo of
 * the seed scenario built by kbuild against Debian's 6.1.0-57, 6.12.95+deb12 and 7.3.4+deb13 headers, whose modules
 * carry those releases in their vermagic, against seed_lp1 built for 6.1.0-57.
 */
class BuildMatrixTest {

    private static final Path PATCH = SampleFiles.path("seed/seed_lp1.ko");
    private static final Path V61 = SampleFiles.path("seed/v1/foo.ko");
    private static final Path V61B = SampleFiles.path("seed/v2/foo.ko");
    private static final Path V612 = SampleFiles.path("kernels/6.12/seed/v1/foo.ko");
    private static final Path V73 = SampleFiles.path("kernels/7.3/seed/v1/foo.ko");

    /** With 6.1.0-57's v1 as the baseline, as the seed scenario gives it (samples/scenarios.tsv). */
    private static Inspection threeKernels(List<Path> candidates) {
        return Loading.inspect(PATCH, candidates, List.of(V61));
    }

    @Test
    void columnsAreTheBuildsByVersionWhateverTheOrderGiven() {
        List<Path> given = new ArrayList<>(List.of(V73, V61, V612));
        for (int turn = 0; turn < 3; turn++) {
            Collections.rotate(given, 1);
            BuildMatrix m = BuildMatrix.of(threeKernels(given)).orElseThrow();
            assertEquals(List.of("6.1.0-57", "6.12.95+deb12", "7.3.4+deb13"), m.builds().stream().map(BuildMatrix.Build::label).toList(),
                    "one flavour (amd64): labels without it; " + given);
            assertEquals("3 kernel builds by version, flavour amd64", m.heading());
        }
    }

    /**
     * The module as a whole: 6.1.0-57's foo is the scenario's baseline (ok, samples/scenarios.tsv); 6.12's and 7.3's
     * are refused by the loader for their struct module size (CandidateChecksTest, recorded in
     * samples/kernels/6.12/kernel-verdicts.tsv): the two adjacent refused builds are one run.
     */
    @Test
    void theObjectRowGroupsAdjacentBuildsWithTheSameVerdict() {
        BuildMatrix m = BuildMatrix.of(threeKernels(List.of(V61, V612, V73))).orElseThrow();
        BuildMatrix.Row foo = m.rows().get(0);
        assertEquals("foo (the object itself)", foo.label());
        assertEquals(List.of(counted(Severity.OK), counted(Severity.REFUSED), counted(Severity.REFUSED)), foo.cells());
        assertEquals("6.1.0-57: ok · 6.12.95+deb12 … 7.3.4+deb13: refused", m.runsLine(foo));
    }

    /** Each target's cell is its verdict on that build's candidate; two candidates of one build: the worse. */
    @Test
    void targetCellsAreTheVerdictsOfTheBuildsCandidates() {
        Inspection in = threeKernels(List.of(V61, V61B, V612, V73));
        BuildMatrix m = BuildMatrix.of(in).orElseThrow();
        assertEquals(3, m.builds().size(), "v1 and v2 of 6.1.0-57 are one build");
        assertEquals(List.of(V61.toString(), V61B.toString()), m.builds().get(0).candidates().stream().map(CandidateInfo::path).toList());
        assertEquals(1 + in.targets().size(), m.rows().size());
        for (BuildMatrix.Row r : m.rows().subList(1, m.rows().size())) {
            Target t = r.target().orElseThrow();
            for (int b = 0; b < m.builds().size(); b++) {
                Severity worst = null;
                for (CandidateInfo c : m.builds().get(b).candidates()) {
                    Severity s = t.verdictFor(c.path()).orElseThrow().severity();
                    worst = worst == null || s.atLeast(worst) ? s : worst;
                }
                assertEquals(counted(worst), r.cells().get(b), r.label() + " on " + m.builds().get(b).label());
            }
            List<BuildMatrix.Run> runs = m.runs(r);
            assertEquals(0, runs.get(0).from());
            assertEquals(m.builds().size() - 1, runs.get(runs.size() - 1).to());
            for (int i = 1; i < runs.size(); i++) {
                assertEquals(runs.get(i - 1).to() + 1, runs.get(i).from(), "runs cover the builds in order");
                assertNotEquals(runs.get(i - 1).cell(), runs.get(i).cell(), "adjacent runs differ: they are grouped");
            }
        }
        // seed_lp1 on 6.1.0-57: v1 ok, v2 info (scenarios.tsv): the build's object cell is the worse of the two.
        assertEquals(counted(Severity.INFO), m.rows().get(0).cells().get(0));
    }

    /** A cell the gate counts: no suppression names its findings. */
    private static Optional<BuildMatrix.Cell> counted(Severity s) {
        return Optional.of(new BuildMatrix.Cell(s, Optional.empty()));
    }

    /**
     * Accepting 6.12's refusals one by one (their ids, as {@code --accept FILE} lists them) marks 6.12's cell of the
     * object row, not 7.3's, whose refusals are still counted: the run of two refused builds splits in two.
     */
    @Test
    void aCellWhoseWorstFindingsAreAcceptedIsMarkedAndNoLongerGroupedWithACountedOne() {
        Inspection in = threeKernels(List.of(V61, V612, V73));
        List<Suppressions.Accepted> accepted = IdentifiedFinding.of(in).stream()
                .filter(f -> f.target().isEmpty() && f.candidate().equals(Optional.of(V612.toString()))
                        && f.finding().severity() == Severity.REFUSED)
                .map(f -> new Suppressions.Accepted(f.id(), "accepted.txt", 1)).toList();
        assertEquals(2, accepted.size(), "this-module-size and module-layout refuse 6.12's foo");
        Suppressions s = new Suppressions(accepted, List.of());
        BuildMatrix.Row foo = BuildMatrix.of(in, s).orElseThrow().rows().get(0);
        assertEquals(List.of(counted(Severity.OK), Optional.of(new BuildMatrix.Cell(Severity.REFUSED, Optional.of("accepted"))),
                counted(Severity.REFUSED)), foo.cells());
        BuildMatrix m = BuildMatrix.of(in, s).orElseThrow();
        assertEquals("6.1.0-57: ok · 6.12.95+deb12: refused [accepted] · 7.3.4+deb13: refused", m.runsLine(foo));

        String text = Reports.render(in, ReportFormat.TEXT, Optional.empty(), s);
        assertTrue(text.contains("  foo (the object itself)  6.1.0-57: ok · 6.12.95+deb12: refused [accepted] · "
                + "7.3.4+deb13: refused\n"), text);
        String md = Reports.render(in, ReportFormat.MARKDOWN, Optional.empty(), s);
        assertTrue(md.contains("| `6.1.0-57` | `6.12.95+deb12` | `7.3.4+deb13` |"), "no longer one column\n" + md);
        assertTrue(md.contains("*(accepted)*"), md);
        assertTrue(Reports.render(in, ReportFormat.HTML, Optional.empty(), s).contains("<strong>(accepted)</strong>"));
        var rows = MiniJson.array(MiniJson.object(MiniJson.object(MiniJson.parse(
                Reports.render(in, ReportFormat.JSON, Optional.empty(), s))).get("matrix")).get("rows"));
        List<Object> runs = MiniJson.array(MiniJson.object(rows.get(0)).get("runs"));
        assertEquals(java.util.Arrays.asList(null, "accepted", null),
                runs.stream().map(r -> MiniJson.object(r).get("suppressed")).toList());
    }

    /**
     * Ignoring one of the two refusals of 6.12's foo leaves the other counted: the cell is not marked. Ignoring both
     * checks everywhere marks 6.12's and 7.3's cells alike ({@code ignored}), which group again; 7.3's vermagic is
     * ignored too, as it refuses there.
     */
    @Test
    void aCellIsMarkedOnlyWhenEveryFindingAtItsWorstIsLeftOut() {
        Inspection in = threeKernels(List.of(V61, V612, V73));
        BuildMatrix.Row one = BuildMatrix.of(in, new Suppressions(List.of(),
                List.of(Suppressions.Ignore.parse("this-module-size")))).orElseThrow().rows().get(0);
        assertEquals(counted(Severity.REFUSED), one.cells().get(1), "module-layout still refuses 6.12's foo");
        BuildMatrix all = BuildMatrix.of(in, new Suppressions(List.of(), List.of(Suppressions.Ignore.parse(
                "this-module-size:foo"), Suppressions.Ignore.parse("module-layout"), Suppressions.Ignore.parse("vermagic"))))
                .orElseThrow();
        assertEquals("6.1.0-57: ok · 6.12.95+deb12 … 7.3.4+deb13: refused [ignored]", all.runsLine(all.rows().get(0)));
    }

    @Test
    void oneBuildHasNoMatrix() {
        Inspection in = threeKernels(List.of(V61, V61B));
        assertTrue(BuildMatrix.of(in).isEmpty());
        for (ReportFormat f : List.of(ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.HTML, ReportFormat.JSON)) {
            String out = Reports.render(in, f);
            assertFalse(out.contains("Kernel builds") || out.contains("\"matrix\""), f.word());
        }
    }

    @Test
    void everyHumanFormatShowsTheMatrix() {
        Inspection in = threeKernels(List.of(V73, V612, V61));
        String text = Reports.render(in, ReportFormat.TEXT);
        assertTrue(text.contains("Kernel builds (3 kernel builds by version, flavour amd64)\n"
                + "  6.1.0-57 · 6.12.95+deb12 · 7.3.4+deb13\n"
                + "  foo (the object itself)  6.1.0-57: ok · 6.12.95+deb12 … 7.3.4+deb13: refused\n"), text);
        String md = Reports.render(in, ReportFormat.MARKDOWN);
        assertTrue(md.contains("### Kernel builds (3 kernel builds by version, flavour amd64)"), md);
        assertTrue(md.contains("| Target | `6.1.0-57` | `6.12.95+deb12 … 7.3.4+deb13` |"),
                "6.12 and 7.3 agree on every row: one column\n" + md);
        String html = Reports.render(in, ReportFormat.HTML);
        assertTrue(html.contains("<h2 id=\"kernel-builds\">"), html);
        assertTrue(html.contains("<th>6.1.0-57</th><th>6.12.95+deb12 … 7.3.4+deb13</th>"), html);
    }

    @Test
    void jsonHasEachCandidatesBuildAndTheMatrix() {
        String json = Reports.render(threeKernels(List.of(V61, V612, V73)), ReportFormat.JSON);
        @SuppressWarnings("unchecked")
        var root = MiniJson.object(MiniJson.parse(json));
        List<Object> candidates = MiniJson.array(root.get("candidates"));
        var first = MiniJson.object(MiniJson.object(candidates.get(0)).get("kernelBuild"));
        assertEquals("6.1.0-57-amd64", first.get("release"));
        assertEquals("6.1.0-57", first.get("build"));
        assertEquals("amd64", first.get("flavour"));
        assertTrue(first.containsKey("package") && first.get("package") == null, "named directly: no package");
        var matrix = MiniJson.object(root.get("matrix"));
        List<Object> builds = MiniJson.array(matrix.get("builds"));
        assertEquals(List.of("6.1.0-57-amd64", "6.12.95+deb12-amd64", "7.3.4+deb13-amd64"),
                builds.stream().map(b -> MiniJson.object(b).get("release")).toList());
        var objectRow = MiniJson.object(MiniJson.array(matrix.get("rows")).get(0));
        assertEquals(List.of("ok", "refused", "refused"), MiniJson.array(objectRow.get("cells")));
        assertEquals(2, MiniJson.array(objectRow.get("runs")).size());
    }
}
