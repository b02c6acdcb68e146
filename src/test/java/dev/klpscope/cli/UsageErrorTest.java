package dev.klpscope.cli;

import dev.klpscope.report.TestSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only no arguments, existing files or {@code gui} open the window; any other first word or option is a usage
 * error of the command line (exit 2, one line naming it, no stack trace), even headless where no window can open.
 */
class UsageErrorTest {

    private static final String PATCH = TestSamples.file("seed/seed_lp2.ko").toString();

    @ParameterizedTest
    @ValueSource(strings = {"chekc", "no-such-file.ko", "--bogus", "-x", "--format"})
    void aWrongFirstWordIsAUsageErrorNamingIt(String word) throws IOException, InterruptedException {
        ChildJvm run = ChildJvm.run(word, PATCH);
        assertUsageError(run, "'" + word + "'");
    }

    @Test
    void anOptionBeforeTheCommandIsAUsageError() throws IOException, InterruptedException {
        assertUsageError(ChildJvm.run("--format", "json", "check", PATCH, PATCH), "'--format'");
    }

    @Test
    void theCommandsHelpAndVersionStillRun() throws IOException, InterruptedException {
        for (String word : new String[]{"-h", "--help", "help"}) {
            ChildJvm run = ChildJvm.run(word);
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().startsWith("Usage: klpscope"), run.out());
        }
        for (String word : new String[]{"-V", "--version"}) {
            ChildJvm run = ChildJvm.run(word);
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().startsWith("klpscope "), run.out());
        }
        ChildJvm show = ChildJvm.run("show", PATCH);
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("seed_lp2"), show.out());
    }

    @Test
    void theWindowIsForNoArgumentsExistingFilesOrGui() {
        assertArrayEquals(new String[0], Cli.windowFiles(new String[0]).orElseThrow());
        assertArrayEquals(new String[]{PATCH}, Cli.windowFiles(new String[]{PATCH}).orElseThrow());
        assertArrayEquals(new String[]{"check"}, Cli.windowFiles(new String[]{"gui", "check"}).orElseThrow(),
                "gui opens even files named like a command");
        for (String[] args : new String[][]{{"check", PATCH}, {"chekc"}, {PATCH, "--bogus"}, {"-V"}, {PATCH, "missing.ko"}}) {
            assertTrue(Cli.windowFiles(args).isEmpty(), String.join(" ", args));
        }
    }

    private static void assertUsageError(ChildJvm run, String named) {
        assertEquals(2, run.exit(), () -> "exit status; stderr: " + run.err());
        assertEquals(1, run.err().lines().count(), () -> "one line on stderr:\n" + run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        assertTrue(run.err().contains(named), () -> "names " + named + ": " + run.err());
        assertTrue(run.err().contains("--help"), run.err());
        assertEquals("", run.out());
    }
}
