package dev.klpscope.report;

import dev.klpscope.SampleFiles;
import dev.klpscope.check.Inspection;
import dev.klpscope.load.Loading;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks after the hook in every report format, on the hooks sample (foo v1 and hooks_lp, built by kbuild): each
 * finding's check id, the calls that show it, the kernel's line, and in the JSON its load order; the JSON valid
 * against docs/klpscope-report.schema.json.
 */
class HookFindingsReportsTest {

    @Test
    void everyFormatSaysWhatShowsTheRisk() throws IOException {
        Inspection in = Loading.inspect(SampleFiles.path("hooks/hooks_lp.ko"), List.of(SampleFiles.path("hooks/v1/foo.ko")),
                List.of());
        for (ReportFormat f : List.of(ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.HTML, ReportFormat.JSON)) {
            String out = Reports.render(in, f).replace("\\_", "_"); // Markdown escapes underscores
            for (String s : List.of("transition-stall", "init-only-callers", "tracing-clash",
                    "passed to kthread_create_on_node by foo_init", "calls schedule in a loop (+0x9c)",
                    "livepatch: signaling remaining tasks", "foo_init in .init.text")) {
                assertTrue(out.contains(s), f + " lacks " + s);
            }
        }
        String json = Reports.render(in, ReportFormat.JSON);
        assertTrue(json.matches("(?s).*\"check\": ?\"transition-stall\",.*?\"loadOrder\": ?\"target-first\".*"), json);
        VariableLayoutReportsTest.validJson(in);
    }
}
