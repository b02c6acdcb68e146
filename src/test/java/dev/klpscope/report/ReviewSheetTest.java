package dev.klpscope.report;

import dev.klpscope.SampleFiles;
import dev.klpscope.check.Inspection;
import dev.klpscope.load.Loading;
import dev.klpscope.check.Severity;
import dev.klpscope.report.ReviewSheet.Line;
import dev.klpscope.report.ReviewSheet.Style;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the review sheet says (the lines the image draws), held against the kernel outcomes recorded for the samples
 * (samples/scenarios.tsv, kernel-verdicts.tsv, broken/kernel-behaviour.tsv) and against paths as a user types them.
 */
class ReviewSheetTest {

    /**
     * sympos with v1 given as the baseline, as it was built: the kernel refused v2 and v4 and ran v3 silently wrong
     * (scenarios.tsv). The headline counts those candidates by their own worst, worst part first.
     */
    @Test
    void theHeadlineCountsCandidatesByTheirRecordedOutcomes() {
        List<SampleFiles.Scenario> rows = SampleFiles.scenarios().stream().filter(s -> s.scenario().equals("sympos")).toList();
        assertEquals(4, rows.size());
        String baseline = rows.stream().filter(s -> s.why().startsWith("Baseline")).findFirst().orElseThrow().candidate();
        Inspection in = Loading.inspect(SampleFiles.path(rows.get(0).patch()),
                rows.stream().map(s -> SampleFiles.path(s.candidate())).toList(), List.of(SampleFiles.path(baseline)));
        Map<Severity, Integer> breaking = new TreeMap<>();
        rows.stream().map(s -> Severity.fromWord(s.expected())).filter(s -> s.atLeast(Severity.RISK))
                .forEach(s -> breaking.merge(s, 1, Integer::sum));
        String expected = breaking.values().stream().mapToInt(Integer::intValue).sum() + " of 4 candidates break ("
                + breaking.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().word()).collect(Collectors.joining(", ")) + ")";
        assertEquals("3 of 4 candidates break (2 refused, 1 silent)", expected, "the recording as read here");
        List<Line> sheet = ReviewSheet.of(in);
        Line headline = sheet.get(1);
        assertEquals(Style.HEADLINE, headline.style());
        assertTrue(headline.text().startsWith(expected + " · "), headline.text());
        assertTrue(headline.text().endsWith(" · patch file ok"), "the patch file's ok comes last: " + headline.text());
        // Each candidate's badge is its recorded outcome.
        for (SampleFiles.Scenario s : rows) {
            String folder = Path.of(s.candidate()).getParent().getFileName().toString();
            Line row = sheet.stream().filter(l -> l.style() == Style.ITEM && l.text().contains("  " + folder + "/foo.ko ("))
                    .findFirst().orElseThrow(() -> new AssertionError(folder + " in\n" + texts(sheet)));
            assertEquals(Severity.fromWord(s.expected()), row.badge().orElseThrow(), row.text());
        }
    }

    /** Without --baseline, v1 and v3 tie and both read silent: the headline counts what the badges show. */
    @Test
    void theHeadlineCountsEveryCandidateWhoseBadgeBreaks() {
        Inspection in = Loading.inspect(SampleFiles.path("sympos/sympos_lp.ko"), List.of(1, 2, 3, 4).stream()
                .map(n -> SampleFiles.path("sympos/v" + n + "/foo.ko")).toList(), List.of());
        List<Line> sheet = ReviewSheet.of(in);
        List<Line> candidates = between(sheet, "Candidates (4)").stream().filter(l -> l.style() == Style.ITEM).toList();
        assertEquals(4, candidates.size(), texts(sheet));
        long breaking = candidates.stream().filter(l -> l.badge().orElseThrow().atLeast(Severity.RISK)).count();
        assertEquals(4, breaking, "v2 and v4 refused (recorded), v1 and v3 an ambiguous baseline: " + texts(sheet));
        assertTrue(sheet.get(1).text().startsWith("4 of 4 candidates break (2 refused, 2 silent) · "), sheet.get(1).text());
        // The ambiguity is said once, then pointed at.
        long said = sheet.stream().filter(l -> l.text().startsWith("baseline: the baseline of foo is ambiguous")).count();
        assertEquals(1, said, texts(sheet));
    }

    /**
     * vmlinux_lp on Debian's 6.1.0-47: the kernel printed only "disagrees about version of symbol module_layout"
     * (kernel-verdicts.tsv), never the pmus,2 or CRC lines of the targets. Every kernel line the sheet puts under a
     * pair is one the kernel printed for that candidate; one it never got to is marked, not quoted.
     */
    @Test
    void kernelLinesUnderPairsAreOnlyThoseTheKernelPrinted() {
        Map<String, String> recorded = new LinkedHashMap<>();
        SampleFiles.kernelVerdicts().stream().filter(k -> k.scenario().equals("vmlinux") || k.scenario().equals("sympos"))
                .forEach(k -> recorded.merge(k.patch() + " " + k.candidate(), k.message(), (a, b) -> a + " | " + b));
        assertTrue(recorded.get("vmlinux/vmlinux_lp.ko vmlinux/v47/vmlinux-6.1.0-47-amd64.symtab.xz")
                .contains("disagrees about version of symbol module_layout"));
        int checked = 0;
        for (String patch : List.of("vmlinux/vmlinux_lp.ko", "sympos/sympos_lp.ko")) {
            List<String> candidates = recorded.keySet().stream().filter(k -> k.startsWith(patch + " "))
                    .map(k -> k.substring(patch.length() + 1)).toList();
            Inspection in = Loading.inspect(SampleFiles.path(patch), candidates.stream().map(SampleFiles::path).toList(),
                    List.of());
            List<Line> sheet = ReviewSheet.of(in);
            Map<String, String> pathByLabel = labelsFromTheSheet(sheet, SampleFiles.path(patch));
            for (int i = 0; i < sheet.size(); i++) {
                List<String> on = pairCandidates(sheet.get(i), pathByLabel.keySet());
                for (int k = i + 1; k < sheet.size() && sheet.get(k).style() == Style.KERNEL && !on.isEmpty(); k++) {
                    String kernel = sheet.get(k).text().substring("kernel: ".length());
                    for (String label : on) {
                        String message = recorded.get(patch + " " + pathByLabel.get(label));
                        if (kernel.startsWith("never gets here")) {
                            assertFalse(message.contains("livepatch:"), label + ": the kernel got to the symbols: " + message);
                        } else {
                            assertTrue(message.contains(kernel), label + ": the kernel never printed '" + kernel + "': " + message);
                        }
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= 5, "kernel lines checked: " + checked);
    }

    /**
     * samples/broken/klp-reloc-offset.ko oopses the kernel while it loads (kernel-behaviour.tsv): the headline says
     * the patch fails on every candidate, and nothing says the candidate is without a risk.
     */
    @Test
    void aCrashingPatchFailsOnEveryCandidate() throws IOException {
        String[] row = Files.readAllLines(SampleFiles.path("broken/kernel-behaviour.tsv")).stream()
                .filter(l -> l.startsWith("klp-reloc-offset\t")).findFirst().orElseThrow().split("\t");
        assertEquals("oops", row[6]);
        Inspection in = Loading.inspect(SampleFiles.path(row[1]), List.of(SampleFiles.path(row[2])), List.of());
        List<Line> sheet = ReviewSheet.of(in);
        assertEquals(Optional.of(Severity.CRASH), sheet.get(1).badge());
        assertTrue(sheet.get(1).text().startsWith("patch file crash: the patch fails on every candidate (1 of 1)"),
                sheet.get(1).text());
        assertTrue(sheet.stream().noneMatch(l -> l.text().contains("without a risk")), texts(sheet));
        Line none = between(sheet, "Breaking target × candidate pairs (0)").get(0);
        assertTrue(none.text().contains("the patch file's own crash"), none.text());
        // The oops the kernel printed, in its own words: every recorded kernel's message starts that way.
        List<Line> patchFile = between(sheet, "Patch file");
        int finding = patchFile.stream().map(Line::text).toList().indexOf(patchFile.stream()
                .filter(l -> l.text().startsWith("klp-reloc-offset: ")).findFirst().orElseThrow().text());
        Line kernel = patchFile.get(finding + 1);
        assertEquals(Style.KERNEL, kernel.style(), texts(sheet));
        String words = kernel.text().substring("kernel: ".length(), kernel.text().indexOf("%px"));
        List<Path> recordings = List.of(SampleFiles.path("broken/kernel-behaviour.tsv"),
                SampleFiles.path("broken/6.12/kernel-behaviour.tsv"), SampleFiles.path("broken/7.3/kernel-behaviour.tsv"));
        for (Path tsv : recordings) {
            String oops = Files.readAllLines(tsv).stream().filter(l -> l.startsWith("klp-reloc-offset\t")).findFirst()
                    .orElseThrow().split("\t")[7];
            assertTrue(oops.contains(words), tsv + ": " + oops);
        }
    }

    /** A candidate whose badge is warn says why (vmlinux 6.1.0-56 loads with another release's vermagic). */
    @Test
    void everyCandidateBadgeThatIsNotOkHasAReason() {
        Inspection in = Loading.inspect(SampleFiles.path("vmlinux/vmlinux_lp.ko"), List.of(
                SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"),
                SampleFiles.path("vmlinux/v56/vmlinux-6.1.0-56-amd64.symtab.xz"),
                SampleFiles.path("vmlinux/v47/vmlinux-6.1.0-47-amd64.symtab.xz")), List.of());
        List<Line> sheet = ReviewSheet.of(in);
        List<Line> section = between(sheet, "Candidates (3)");
        int withBadge = 0;
        for (int i = 0; i < section.size(); i++) {
            Line l = section.get(i);
            if (l.style() == Style.ITEM && l.badge().orElseThrow() != Severity.OK) {
                withBadge++;
                assertTrue(i + 1 < section.size() && section.get(i + 1).style() == Style.DETAIL
                        && section.get(i + 1).badge().equals(l.badge()), "no reason under " + l.text() + "\n" + texts(sheet));
            }
        }
        assertTrue(withBadge >= 2, texts(sheet));
    }

    /**
     * Paths typed from a sample's own folder, as in `cd samples/sympos/v1; klpscope check ../sympos_lp.ko foo.ko
     * ../v2/foo.ko …`: each candidate's path, relative to the patch's folder, is v1/foo.ko … v4/foo.ko, once, never
     * renamed twice; findings name the files the same way.
     */
    @Test
    void pathsTypedFromTheCandidatesFolderAreRenamedOnce() throws Exception {
        List<String> sheet = childSheet(SampleFiles.path("sympos/v1"), "../sympos_lp.ko", "foo.ko", "../v2/foo.ko",
                "../v3/foo.ko", "../v4/foo.ko");
        String all = String.join("\n", sheet);
        for (int n = 1; n <= 4; n++) {
            String path = "  v" + n + "/foo.ko (foo";
            assertEquals(1, sheet.stream().filter(l -> l.startsWith("ITEM\t") && l.contains(path)).count(), path + " in\n" + all);
        }
        assertFalse(all.matches("(?s).*v\\d/v\\d.*|.*\\.\\./v\\d.*"), all);
        String ambiguity = sheet.stream().filter(l -> l.contains("baseline: the baseline of foo is ambiguous")).findFirst().orElseThrow();
        assertTrue(ambiguity.matches(".*: (v1/foo.ko, v3/foo.ko|v3/foo.ko, v1/foo.ko); they bind helper,2 .*"), ambiguity);
        // Labelled by the folder that differs, as the paths are printed.
        assertTrue(all.contains("\tfoo:solo,0 on v4: "), all);

        List<String> crash = childSheet(SampleFiles.path("seed/v1"), "../../broken/klp-reloc-offset.ko", "foo.ko");
        String line = crash.stream().filter(l -> l.startsWith("ITEM\tOK\t")).findFirst().orElseThrow();
        assertTrue(line.contains("  ../seed/v1/foo.ko (foo"), line);
        assertFalse(String.join("\n", crash).contains("v1/../"), String.join("\n", crash));
    }

    /** The sheet's lines from {@link ReviewSheetLines} run in {@code folder}. */
    private static List<String> childSheet(Path folder, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ReviewSheetLines.class.getName()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).directory(folder.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child still running");
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    /** Label → candidate path relative to samples/, read from the sheet's candidate lines ({@code label  path (}). */
    private static Map<String, String> labelsFromTheSheet(List<Line> sheet, Path patch) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Line l : between(sheet, "Candidates (")) {
            if (l.style() == Style.ITEM) {
                String[] parts = l.text().split(" {2}", 2);
                String label = parts[0].replace(" " + CandidateLabels.BASELINE_MARK, "");
                String rel = parts[1].substring(0, parts[1].indexOf(" ("));
                out.put(label, SampleFiles.root().relativize(patch.getParent().resolve(rel).normalize()).toString());
            }
        }
        return out;
    }

    /** The candidates a pair line names ({@code target on l1, l2: …}), none when it is no pair line. */
    private static List<String> pairCandidates(Line l, java.util.Set<String> labels) {
        int on = l.text().indexOf(" on ");
        int colon = l.text().indexOf(": ", Math.max(on, 0));
        if (l.style() != Style.ITEM || on < 0 || colon < 0) {
            return List.of();
        }
        List<String> named = List.of(l.text().substring(on + 4, colon).split(", "));
        return labels.containsAll(named) ? named : List.of();
    }

    /** The lines after the heading that starts with {@code heading}, up to the next heading. */
    private static List<Line> between(List<Line> sheet, String heading) {
        int from = 0;
        while (from < sheet.size() && !(sheet.get(from).style() == Style.HEADING && sheet.get(from).text().startsWith(heading))) {
            from++;
        }
        assertTrue(from < sheet.size(), heading + " in\n" + texts(sheet));
        int to = from + 1;
        while (to < sheet.size() && sheet.get(to).style() != Style.HEADING && sheet.get(to).style() != Style.MUTED) {
            to++;
        }
        return sheet.subList(from + 1, to);
    }

    private static String texts(List<Line> sheet) {
        return sheet.stream().map(l -> l.badge().map(Severity::word).orElse("") + " " + l.text()).collect(Collectors.joining("\n"));
    }
}
