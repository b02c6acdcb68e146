package dev.klpscope.report.image;

import dev.klpscope.load.Loading;
import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.Reports;
import dev.klpscope.report.ReviewSheet;
import dev.klpscope.report.ReviewSheet.Style;
import dev.klpscope.report.TestSamples;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The review image on four candidates: the committed sympos builds (always) and Debian's four -dbg vmlinux files
 * (when scripts/fetch-dbg-vmlinux.sh has put them in the cache). Each: at most 1,200 px wide, the worst leads, every
 * breaking (target, candidate) pair is listed by its candidate's short label, worst first; read from the laid-out
 * text lines the drawing uses, and from the PNG decoded by ImageIO for its size.
 */
class ReviewImageTest {

    private static final Path DBG = Path.of("/var/cache/klpscope/dbg");
    private static final List<String> DBG_ABIS = List.of("6.1.0-47", "6.1.0-50", "6.1.0-53", "6.1.0-56");

    @Test
    void fourModuleBuildsFromTheSamples() throws IOException {
        List<Path> candidates = IntStream.rangeClosed(1, 4).mapToObj(n -> TestSamples.file("sympos/v" + n + "/foo.ko")).toList();
        Inspection in = Loading.inspect(TestSamples.file("sympos/sympos_lp.ko"), candidates, List.of());
        // The label a reader expects is the folder that differs: v1 … v4.
        int pairs = checkFourCandidates(in, p -> Path.of(p).getParent().getFileName().toString());
        assertTrue(pairs >= 3, "the sympos builds break the patch in several ways: " + pairs);
        assertEquals("sympos_lp-review.png", ReviewSheet.fileName(in), "the window's default file name");
    }

    @Test
    void fourDebianVmlinuxBuilds() throws IOException {
        List<Path> candidates = DBG_ABIS.stream().map(abi -> DBG.resolve(abi).resolve("vmlinux")).toList();
        assumeTrue(candidates.stream().allMatch(Files::isReadable), "no -dbg vmlinux in " + DBG + " (scripts/fetch-dbg-vmlinux.sh)");
        Inspection in = Loading.inspect(TestSamples.file("vmlinux/vmlinux_lp.ko"), candidates, List.of());
        int pairs = checkFourCandidates(in, p -> Path.of(p).getParent().getFileName().toString());
        assertTrue(pairs >= 4, "Debian's older builds refuse the patch built for 6.1.0-57: " + pairs);
    }

    /** Returns how many breaking pairs there are. */
    private static int checkFourCandidates(Inspection in, Function<String, String> expectedLabel) throws IOException {
        assertEquals(4, in.candidates().size());
        byte[] png = ReviewImage.png(in);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "a PNG ImageIO can read");
        ReviewImage.Layout layout = ReviewImage.layout(in);
        assertTrue(image.getWidth() <= 1200, "width " + image.getWidth());
        assertEquals(layout.width(), image.getWidth());
        assertEquals(layout.height(), image.getHeight());
        for (ReviewImage.Placed p : layout.lines()) {
            assertTrue(p.x() >= 0 && p.baseline() < layout.height(), p.toString());
            // Shown 880 px wide in a review column, text stays at least 11 px (badges included).
            assertTrue(Math.min(p.size(), ReviewImage.BADGE_SIZE) * 880.0 / layout.width() >= 11, p.size() + " px: " + p.text());
        }

        // The worst leads: the first line after the title carries it, computed here over every verdict and finding.
        Severity worst = in.patch().worst();
        for (CandidateInfo c : in.candidates()) {
            worst = Severity.worst(worst, c.worst());
        }
        List<String> expectedPairs = new ArrayList<>();
        Map<String, Severity> pairSeverity = new HashMap<>();
        for (Target t : in.targets()) {
            for (Verdict v : t.verdicts()) {
                worst = Severity.worst(worst, v.severity());
                if (v.severity().compareTo(Severity.RISK) <= 0) {
                    String pair = t.object() + ":" + t.symbol() + "," + t.sympos() + " on " + expectedLabel.apply(v.candidate());
                    expectedPairs.add(pair);
                    pairSeverity.put(pair, v.severity());
                }
            }
        }
        assertFalse(expectedPairs.isEmpty(), "a case with nothing breaking tests nothing");
        List<ReviewImage.Placed> firsts = layout.lines().stream().filter(ReviewImage.Placed::first).toList();
        assertEquals(Style.TITLE, firsts.get(0).source().style());
        assertEquals(Style.HEADLINE, firsts.get(1).source().style());
        assertEquals(worst, firsts.get(1).source().badge().orElseThrow());

        // Pairs alike share a line, "target on l1, l2: …"; each pair is on exactly one line, worst first.
        List<String> listed = new ArrayList<>();
        List<ReviewImage.Placed> pairLines = new ArrayList<>();
        for (ReviewImage.Placed p : firsts) {
            if (p.source().style() != Style.ITEM) {
                continue;
            }
            String text = p.source().text();
            int on = text.indexOf(" on ");
            int colon = on < 0 ? -1 : text.indexOf(": ", on);
            if (colon < 0) {
                continue;
            }
            List<String> named = new ArrayList<>();
            for (String label : text.substring(on + 4, colon).split(", ")) {
                named.add(text.substring(0, on) + " on " + label);
            }
            if (expectedPairs.containsAll(named)) {
                pairLines.add(p);
                for (String pair : named) {
                    listed.add(pair);
                    assertEquals(pairSeverity.get(pair), p.source().badge().orElseThrow(), p.text());
                }
            }
        }
        assertEquals(expectedPairs.stream().sorted().toList(), listed.stream().sorted().toList(),
                "every breaking pair once:\n" + String.join("\n", layout.texts()));
        for (int i = 1; i < pairLines.size(); i++) {
            assertTrue(pairLines.get(i - 1).source().badge().get().compareTo(pairLines.get(i).source().badge().get()) <= 0,
                    "worst first: " + pairLines.get(i - 1).text() + " before " + pairLines.get(i).text());
        }
        // The kernel's message of each pair that has one follows it, unless the candidate refuses the patch first.
        List<String> sheet = ReviewSheet.of(in).stream().map(ReviewSheet.Line::text).toList();
        for (Target t : in.targets()) {
            for (Verdict v : t.verdicts()) {
                boolean refusedFirst = in.candidate(v.candidate()).orElseThrow().findings().stream()
                        .anyMatch(f -> f.check().equals("module-layout") && f.severity() == Severity.REFUSED);
                for (Finding f : v.findings()) {
                    if (f.severity().compareTo(Severity.RISK) <= 0 && f.kernelMessage().isPresent() && !refusedFirst) {
                        assertTrue(sheet.contains("kernel: " + f.kernelMessage().get().lines().findFirst().orElseThrow()),
                                f.kernelMessage().get());
                    }
                }
            }
        }
        // Paths relative to the patch's folder: no absolute path of something beside it.
        String patchFolder = Path.of(in.patch().path()).toAbsolutePath().getParent().toString();
        assertFalse(String.join("\n", layout.texts()).contains(patchFolder), "absolute path of the patch's folder");
        return expectedPairs.size();
    }

    /**
     * samples/broken/klp-reloc-offset.ko oopses the kernel while it loads (kernel-behaviour.tsv, recorded on Debian's
     * 6.1): its patch row says crash in the image and in the text, Markdown and HTML reports, over an ok candidate.
     */
    @Test
    void aPatchThatCrashesTheKernelSaysCrashInItsRow() throws IOException {
        String row = Files.readAllLines(TestSamples.file("broken/kernel-behaviour.tsv")).stream()
                .filter(l -> l.startsWith("klp-reloc-offset\t")).findFirst().orElseThrow();
        List<String> fields = Arrays.asList(row.split("\t"));
        assertEquals("oops", fields.get(6), "the kernel's recorded outcome");
        Inspection in = Loading.inspect(TestSamples.file(fields.get(1)), List.of(TestSamples.file(fields.get(2))), List.of());
        assertTrue(in.targets().stream().flatMap(t -> t.verdicts().stream()).allMatch(v -> v.severity() == Severity.OK),
                "every target resolves on the candidate: only the patch row tells");

        ReviewImage.Placed patchRow = ReviewImage.layout(in).lines().stream()
                .filter(p -> p.first() && p.source().style() == Style.ITEM && p.text().startsWith("patch file "))
                .findFirst().orElseThrow();
        assertEquals(Severity.CRASH, patchRow.source().badge().orElseThrow());

        String text = Reports.render(in, ReportFormat.TEXT);
        assertTrue(text.contains("\n  Patch file: ☠ crash ("), "text");
        assertTrue(text.indexOf("\nPatch findings\n") < text.indexOf("\nCandidates"), "text: the patch's findings lead");
        assertTrue(Reports.render(in, ReportFormat.MARKDOWN).contains("\n- Patch file: ☠ crash ("), "markdown");
        String html = Reports.render(in, ReportFormat.HTML);
        assertTrue(html.contains("<tr class=\"patch-file\"><td><span class=\"sev sev-crash\">"), "html patch row");
    }

    @Test
    void theSameInspectionGivesTheSameBytesWithNoTimeChunk() throws IOException {
        Inspection in = Loading.inspect(TestSamples.file("crc/crc_lp.ko"),
                List.of(TestSamples.file("crc/v1/bar.ko"), TestSamples.file("crc/v2/bar.ko")), List.of());
        byte[] first = ReviewImage.png(in);
        byte[] again = ReviewImage.png(Loading.inspect(TestSamples.file("crc/crc_lp.ko"),
                List.of(TestSamples.file("crc/v1/bar.ko"), TestSamples.file("crc/v2/bar.ko")), List.of()));
        assertArrayEquals(first, again);
        assertFalse(chunks(first).contains("tIME"), chunks(first).toString());
        assertEquals("IHDR", chunks(first).get(0));
    }

    @Test
    void aWordWiderThanTheLineIsCutNotLeftOverTheEdge() {
        String path = "x/".repeat(400) + "vmlinux";
        ReviewImage.Layout layout = ReviewImage.layout(List.of(
                new dev.klpscope.report.ReviewSheet.Line(Style.ITEM, java.util.Optional.of(Severity.REFUSED), path)));
        assertEquals(1200, layout.width());
        assertTrue(layout.lines().size() > 1, "wrapped");
        assertEquals(path, String.join("", layout.texts()), "nothing lost");
    }

    /** The PNG's chunk types in order. */
    private static List<String> chunks(byte[] png) {
        List<String> out = new ArrayList<>();
        int at = 8;
        while (at + 8 <= png.length) {
            int length = ((png[at] & 0xff) << 24) | ((png[at + 1] & 0xff) << 16) | ((png[at + 2] & 0xff) << 8) | (png[at + 3] & 0xff);
            out.add(new String(png, at + 4, 4, StandardCharsets.US_ASCII));
            at += 12 + length;
        }
        return out;
    }
}
