package dev.klpscope.report;

import dev.klpscope.load.Loading;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --format brief} on every sample patch against its scenario candidates. */
class BriefReportTest {

    private static final Pattern LINE = Pattern.compile("(\\S+) (\\S+) (\\S+) (\\S+): (.*)");

    static Stream<Path> patches() {
        return TestSamples.candidatesByPatch().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("patches")
    void oneLinePerFindingAtOrAboveInfoWorstFirstWhateverTheCandidateOrder(Path patch) {
        List<Path> candidates = TestSamples.candidatesByPatch().get(patch);
        Inspection in = Loading.inspect(patch, candidates, List.of());
        String brief = Reports.render(in, ReportFormat.BRIEF);
        List<String> lines = brief.lines().toList();
        List<String> expected = new ArrayList<>();
        in.patch().findings().forEach(f -> expected.add(line(f, "-", "-")));
        in.candidates().forEach(c -> c.findings().forEach(f -> expected.add(line(f, "-", c.path()))));
        for (Target t : in.targets()) {
            for (Verdict v : t.verdicts()) {
                v.findings().forEach(f -> expected.add(line(f, t.object() + ":" + t.symbol() + "," + t.sympos(), v.candidate())));
            }
        }
        expected.removeIf(l -> l.startsWith("ok "));
        assertEquals(expected.stream().sorted().toList(), lines.stream().sorted().toList(), brief);
        Severity previous = Severity.CRASH;
        for (String l : lines) {
            Matcher m = LINE.matcher(l);
            assertTrue(m.matches(), "not SEVERITY CHECK TARGET CANDIDATE: message: " + l);
            Severity s = Severity.fromWord(m.group(1));
            assertTrue(previous.atLeast(s), "not worst first: " + l);
            previous = s;
        }
        List<Path> reversed = new ArrayList<>(candidates);
        Collections.reverse(reversed);
        if (TestSamples.baselineFor(patch).isPresent()) {
            // With the baseline given, reversing the candidates changes nothing the checks see.
            List<Path> baseline = List.of(TestSamples.baselineFor(patch).get());
            assertEquals(Reports.render(Loading.inspect(patch, candidates, baseline), ReportFormat.BRIEF),
                    Reports.render(Loading.inspect(patch, reversed, baseline), ReportFormat.BRIEF), "order of candidates");
        }
    }

    private static String line(Finding f, String target, String candidate) {
        return f.severity().word() + " " + f.check() + " " + target + " " + candidate + ": " + f.message();
    }

    @Test
    void theCrcSamplesRefusalsComeFirst() {
        Path v1 = TestSamples.file("crc/v1/bar.ko");
        Path v2 = TestSamples.file("crc/v2/bar.ko");
        String brief = Reports.render(Loading.inspect(TestSamples.file("crc/crc_lp.ko"), List.of(v1, v2), List.of()),
                ReportFormat.BRIEF);
        List<String> lines = brief.lines().toList();
        // The samples README: both builds refuse (bar_scale imported from the target), v2 also for its changed CRC;
        // v2 is another build than the baseline v1. Worst first, then target, candidate, check.
        List<String> prefixes = List.of("refused import-from-target bar:bar_scale,0 " + v1 + ": ",
                "refused crc-match bar:bar_scale,0 " + v2 + ": ", "refused import-from-target bar:bar_scale,0 " + v2 + ": ",
                "info build-id - " + v2 + ": ");
        assertEquals(prefixes.size(), lines.size(), brief);
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith(prefixes.get(i)), "line " + i + " of\n" + brief);
        }
    }
}
