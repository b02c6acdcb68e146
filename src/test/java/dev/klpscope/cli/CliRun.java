package dev.klpscope.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** One run of the command line with its streams captured. */
record CliRun(int exit, String out, String err) {

    static CliRun of(Object... args) {
        String[] a = Stream.of(args).map(String::valueOf).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(a, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(exit, out.toString(), err.toString());
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    /** Exit 2 with exactly one line on stderr, no stack trace, naming {@code what}. */
    CliRun assertUnusable(String what) {
        assertEquals(2, exit, () -> "exit status; stderr: " + err + " stdout: " + out);
        assertEquals(1, errLines().size(), () -> "one line on stderr, got:\n" + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), () -> "stack trace or exception name: " + err);
        assertFalse(errLines().get(0).isBlank());
        if (!what.isEmpty()) {
            org.junit.jupiter.api.Assertions.assertTrue(err.contains(what), () -> "stderr should name " + what + ": " + err);
        }
        return this;
    }
}
