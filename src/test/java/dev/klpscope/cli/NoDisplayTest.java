package dev.klpscope.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Arguments that ask for the window, where no window can open (a CI job, an ssh session): one line pointing to
 * {@code check}, exit 2, never JavaFX's stack trace and exit 1 (the "findings" status a gate would misread).
 */
class NoDisplayTest {

    private static final String PATCH = Seed.PATCH.toString();
    private static final String V1 = Seed.V1.toString();

    @Test
    void filesWithoutACommandHeadlessSayToUseCheck() throws IOException, InterruptedException {
        assertNoDisplay(ChildJvm.run(PATCH, V1), true);
    }

    @Test
    void guiHeadlessSaysToUseCheck() throws IOException, InterruptedException {
        assertNoDisplay(ChildJvm.run("gui", PATCH), true);
        assertNoDisplay(ChildJvm.run(), true);
    }

    @Test
    void noDisplayVariableOutsideHeadlessModeSaysToUseCheck() throws IOException, InterruptedException {
        assertNoDisplay(ChildJvm.runWithDisplay(null, PATCH, V1), true);
    }

    @Test
    void aDisplayThatNamesNoServerSaysToUseCheck() throws IOException, InterruptedException {
        // JavaFX itself fails to start here; it may log a configuration warning first, so only the last line is ours
        assertNoDisplay(ChildJvm.runWithDisplay(":7319", PATCH, V1), false);
    }

    private static void assertNoDisplay(ChildJvm run, boolean oneLine) {
        assertEquals(2, run.exit(), () -> "exit status; stderr: " + run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        List<String> lines = run.err().lines().toList();
        if (oneLine) {
            assertEquals(1, lines.size(), () -> "one line on stderr:\n" + run.err());
        }
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("klpscope: no display") && last.contains("klpscope check PATCH CANDIDATE"), last);
        assertEquals("", run.out());
    }
}
