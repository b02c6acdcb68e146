package dev.klpscope.ui.model;

import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks after the hook in the window, without a stage: the hooks sample's replaced-function rows carry their
 * finding's severity in foo's column (Ctrl+C's row text) and the details card the finding in full (check id,
 * kernel line, why), as {@code ReachChecksTest} and {@code TracingClashTest} judge them.
 */
class HookFindingsInWindowTest {

    @Test
    void replacedFunctionRowsAndTheirDetails() {
        MainViewModel vm = OpenSamples.open("hooks/hooks_lp.ko", "hooks/v1/foo.ko");
        Inspection i = vm.getInspection();
        Map<String, String> expected = Map.of("worker_loop", "transition-stall", "wait_ready", "transition-stall",
                "fill_table", "init-only-callers", "answer", "tracing-clash");
        expected.forEach((fn, check) -> {
            Target t = i.targets().stream().filter(x -> x.symbol().equals(fn)).findFirst().orElseThrow();
            TreeRow.TargetRow row = new TreeRow.TargetRow(t);
            String word = check.equals("tracing-clash") ? Severity.WARN.word() : Severity.RISK.word();
            String text = Texts.row(row, i, p -> "foo");
            assertTrue(text.contains("\tfoo: " + word + " ("), fn + ": " + text);
            vm.selectedProperty().set(row);
            List<Finding> shown = vm.details().get(0).verdict().orElseThrow().findings().stream()
                    .filter(f -> f.check().equals(check)).toList();
            assertEquals(1, shown.size(), fn + " " + check);
            String card = Texts.finding(shown.get(0));
            assertTrue(card.startsWith(word + ": '" + fn + "' "), card);
            assertTrue(card.contains("\n  why: "), card);
            if (check.equals("transition-stall")) {
                assertTrue(card.contains("\n  kernel: livepatch: signaling remaining tasks"), card);
            }
        });
    }
}
