package dev.klpscope.report;

import dev.klpscope.load.Loading;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Markdown meant for a review comment, on the samples. */
class MarkdownReportTest {

    private static Inspection crc() {
        return Loading.inspect(TestSamples.file("crc/crc_lp.ko"),
                List.of(TestSamples.file("crc/v1/bar.ko"), TestSamples.file("crc/v2/bar.ko")), List.of());
    }

    @Test
    void everyKernelMessageOfAVerdictIsShownTheCrcV2CaseHasTwo() {
        Inspection in = crc();
        String md = MarkdownReport.render(in);
        Target scale = in.targets().stream().filter(t -> t.symbol().equals("bar_scale")).findFirst().orElseThrow();
        Verdict v2 = scale.verdictFor(TestSamples.file("crc/v2/bar.ko").toString()).orElseThrow();
        List<String> kernel = v2.findings().stream().flatMap(f -> f.kernelMessage().stream()).toList();
        assertEquals(2, kernel.size(), "the crc v2 sample's verdict carries two kernel messages: " + v2.findings());
        for (String k : kernel) {
            assertTrue(md.contains("kernel: `" + k + "`"), "markdown drops kernel message " + k + "\n" + md);
        }
    }

    @Test
    void oneTableOfTargetsByShortCandidateLabelsWithALegend() {
        Inspection in = crc();
        String md = MarkdownReport.render(in);
        String v1 = in.candidates().get(0).baseline() ? "`v1 ★`" : "`v1`";
        String v2 = in.candidates().get(1).baseline() ? "`v2 ★`" : "`v2`";
        assertTrue(in.candidates().get(0).baseline() ^ in.candidates().get(1).baseline(), "one baseline, marked ★");
        assertTrue(md.contains("| Target | " + v1 + " | " + v2 + " |\n|---|---|---|\n"), md);
        assertTrue(md.contains("- `v1` ✖&nbsp;refused: `" + TestSamples.file("crc/v1/bar.ko") + "`"), md);
        assertTrue(md.contains("- `v2` ✖&nbsp;refused: `" + TestSamples.file("crc/v2/bar.ko") + "`"), md);
        assertEquals(1, md.split("\\| Target \\|", -1).length - 1, "one table only:\n" + md);
    }

    /**
     * samples/broken/klp-reloc-offset.ko oopses the kernel while it loads on seed v1 (broken/kernel-behaviour.tsv),
     * though every target resolves there: the table's first row, the patch file's, says crash in the candidate's
     * column, so the matrix is not all green.
     */
    @Test
    void theTableLeadsWithThePatchFileRowACrashingPatchSaysCrash() throws java.io.IOException {
        String[] row = java.nio.file.Files.readAllLines(TestSamples.file("broken/kernel-behaviour.tsv")).stream()
                .filter(l -> l.startsWith("klp-reloc-offset\t")).findFirst().orElseThrow().split("\t");
        assertEquals("oops", row[6], "the kernel's recorded outcome");
        Inspection in = Loading.inspect(TestSamples.file(row[1]), List.of(TestSamples.file(row[2])), List.of());
        String md = MarkdownReport.render(in);
        int header = md.indexOf("\n| Target | ");
        assertTrue(header > 0, md);
        List<String> table = md.substring(header + 1).lines().takeWhile(l -> l.startsWith("|")).toList();
        assertEquals("| patch file `klp-reloc-offset.ko` | ☠&nbsp;crash |", table.get(2), md);

        // A patch file without findings has its row too: ok on both crc candidates.
        String crc = MarkdownReport.render(crc());
        assertTrue(crc.contains("|---|---|---|\n| patch file `crc_lp.ko` | ✓&nbsp;ok | ✓&nbsp;ok |\n| `bar:"), crc);
    }

    @Test
    void worstAndCountsComeFirstThenThePatchFindingsThenTheTableThenWhatIsOkFolded() {
        Inspection in = crc();
        String md = MarkdownReport.render(in);
        int worst = md.indexOf("**Worst: ");
        int counts = md.indexOf("- Targets: 3 ");
        int table = md.indexOf("| Target |");
        int details = md.indexOf("<details>");
        assertTrue(worst > 0 && worst < counts && counts < table && table < details, md);
        String folded = md.substring(details, md.indexOf("</details>"));
        for (Target t : in.targets()) {
            String name = "`" + SummaryLines.targetName(t) + "`";
            assertEquals(t.worst() == Severity.OK, folded.contains(name), name + " folded or not as its severity says");
        }
    }

    @Test
    void severityCellsHoldNoBreakableSpace() {
        String md = MarkdownReport.render(crc());
        List<String> rows = md.lines().filter(l -> l.startsWith("| `")).toList();
        assertFalse(rows.isEmpty(), md);
        for (String row : rows) {
            String[] cells = row.split(" \\| ");
            for (int i = 1; i < cells.length; i++) {
                String cell = cells[i].replace(" |", "");
                assertFalse(cell.contains(" "), "a severity cell that can wrap: '" + cell + "' in " + row);
            }
        }
    }

    @Test
    void candidateLabelsAreTheDistinguishingPathPartsOrNumbers() {
        assertEquals(Map.of("samples/crc/v1/bar.ko", "v1", "samples/crc/v2/bar.ko", "v2"),
                CandidateLabels.of(List.of("samples/crc/v1/bar.ko", "samples/crc/v2/bar.ko")));
        assertEquals(List.of("v1/foo.ko", "v1/bar.ko", "v2/foo.ko"), List.copyOf(CandidateLabels.of(
                List.of("s/multiobj/v1/foo.ko", "s/multiobj/v1/bar.ko", "s/multiobj/v2/foo.ko")).values()));
        assertEquals(List.of("c1", "c2"), List.copyOf(CandidateLabels.of(List.of("a/x.ko", "a/b/x.ko")).values()));
        assertEquals(List.of("bar.ko"), List.copyOf(CandidateLabels.of(List.of("samples/crc/v1/bar.ko")).values()));
    }

    /**
     * A few hundred targets: the vmlinux sample patch against its three vmlinux candidates, its targets repeated
     * under distinct names (derived from the real inspection; no sample patch has that many targets).
     */
    private static Inspection manyTargets(int copies) {
        Path dir = TestSamples.file("vmlinux");
        Inspection real = Loading.inspect(dir.resolve("vmlinux_lp.ko"), List.of(
                dir.resolve("v57/vmlinux-6.1.0-57-amd64.symtab.xz"), dir.resolve("v56/vmlinux-6.1.0-56-amd64.symtab.xz"),
                dir.resolve("v47/vmlinux-6.1.0-47-amd64.symtab.xz")), List.of());
        List<Target> targets = new ArrayList<>();
        IntStream.range(0, copies).forEach(i -> real.targets().forEach(t -> targets.add(new Target(t.object(),
                t.symbol() + "_copy" + i, t.sympos(), t.kind(), t.role(), t.sites(), t.verdicts()))));
        return new Inspection(real.toolVersion(), real.patch(), real.candidates(), targets, real.summary());
    }

    @Test
    void aReportPastTheCapIsCutAtALineBoundaryWithAPointerToTheHtml() {
        Inspection in = manyTargets(400);
        assertTrue(in.targets().size() >= 400, "targets: " + in.targets().size());
        String whole = MarkdownReport.render(in, Integer.MAX_VALUE);
        assertTrue(whole.length() > MarkdownReport.MAX_CHARS, "the derived case must pass the cap: " + whole.length());
        String md = MarkdownReport.render(in);
        assertTrue(md.length() <= MarkdownReport.MAX_CHARS, "cut report has " + md.length());
        assertTrue(md.contains("the rest is in the HTML report (`--format html`)"), md.substring(md.length() - 400));
        String kept = md.substring(0, md.lastIndexOf("\n**Cut to fit"));
        kept = kept.endsWith("\n</details>\n") ? kept.substring(0, kept.length() - "\n</details>\n".length()) : kept;
        assertTrue(whole.startsWith(kept), "the cut report is not a prefix of the whole one");
        assertTrue(kept.endsWith("\n"), "not cut at a line boundary");
        assertEquals(count(md, "<details>"), count(md, "</details>"), "a cut inside the details must close them");
    }

    @Test
    void aReportUnderTheCapIsWhole() {
        Inspection in = crc();
        String md = MarkdownReport.render(in);
        assertFalse(md.contains("Cut to fit"), md);
        assertEquals(md, MarkdownReport.render(in, Integer.MAX_VALUE));
        String cut = MarkdownReport.render(in, md.length() - 1);
        assertTrue(cut.length() < md.length() && cut.contains("Cut to fit"), cut);
    }

    private static int count(String s, String what) {
        return s.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
