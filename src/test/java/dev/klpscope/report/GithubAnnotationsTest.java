package dev.klpscope.report;

import dev.klpscope.load.Loading;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --format github}: Actions workflow commands, on the samples. */
class GithubAnnotationsTest {

    /** A workflow command with one property: nothing unescaped may end the title or the line. */
    private static final Pattern COMMAND = Pattern.compile("::(error|warning|notice) title=([^:,\\r\\n]*)::([^\\r\\n]*)");

    @ParameterizedTest
    @MethodSource("dev.klpscope.report.BriefReportTest#patches")
    void oneCommandPerFindingAtOrAboveInfoAtTheLevelOfItsSeverity(Path patch) {
        Inspection in = Loading.inspect(patch, TestSamples.candidatesByPatch().get(patch), List.of());
        String out = Reports.render(in, ReportFormat.GITHUB);
        List<String> expected = new ArrayList<>();
        List<Finding> all = new ArrayList<>(in.patch().findings());
        in.candidates().forEach(c -> all.addAll(c.findings()));
        in.targets().forEach(t -> t.verdicts().forEach(v -> all.addAll(v.findings())));
        for (Finding f : all) {
            if (f.severity() != Severity.OK) {
                String level = f.severity().atLeast(Severity.SILENT) ? "error" : f.severity().atLeast(Severity.WARN) ? "warning" : "notice";
                expected.add(level + " " + f.severity().word() + " " + f.check() + "\n" + f.message()
                        + f.kernelMessage().map(k -> k.lines().map(l -> "\nkernel: " + l).collect(Collectors.joining())).orElse(""));
            }
        }
        List<String> got = new ArrayList<>();
        for (String line : out.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = COMMAND.matcher(line);
            assertTrue(m.matches(), "not a workflow command: " + line);
            String[] title = unescape(m.group(2)).split(" ");
            assertEquals("klpscope", title[0], line);
            got.add(m.group(1) + " " + title[1] + " " + title[2] + "\n" + unescape(m.group(3)));
        }
        assertEquals(expected.stream().sorted().toList(), got.stream().sorted().toList(), out);
    }

    @Test
    void crcSampleGivesTwoErrorsOnV2EachWithItsKernelLine() {
        Path v2 = TestSamples.file("crc/v2/bar.ko");
        String out = Reports.render(Loading.inspect(TestSamples.file("crc/crc_lp.ko"),
                List.of(TestSamples.file("crc/v1/bar.ko"), v2), List.of()), ReportFormat.GITHUB);
        assertTrue(out.contains("::error title=klpscope refused crc-match bar%3Abar_scale%2C0 on " + v2 + "::"), out);
        assertTrue(out.contains("%0Akernel: crc_lp: disagrees about version of symbol bar_scale\n"), out);
        assertTrue(out.contains("::notice title=klpscope info build-id on " + v2 + "::"), out);
    }

    @Test
    void escapesAsTheActionsToolkitDoes() {
        // actions/toolkit packages/core/src/command.ts: escapeData and escapeProperty.
        assertEquals("100%25 a%0D%0Ab: c, d", GithubAnnotations.data("100% a\r\nb: c, d"));
        assertEquals("100%25 a%0D%0Ab%3A c%2C d", GithubAnnotations.property("100% a\r\nb: c, d"));
        assertEquals("%2525", GithubAnnotations.data("%25"), "% first, so an escape in the input stays as written");
    }

    private static String unescape(String s) {
        return s.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace("%2C", ",").replace("%25", "%");
    }
}
