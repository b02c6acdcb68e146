package dev.klpscope.robustness;

import dev.klpscope.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of the broken-input corpus through the command line, as a user would meet it:
 * {@code klpscope check PATCH CANDIDATE} with the broken file in place of the patch or the candidate.
 */
class BrokenInputCorpusTest {

    @TempDir
    static Path dir;

    static List<BrokenInputs.Case> cases() {
        return BrokenInputs.all();
    }

    /** The outcome of one run, as {@link #check} asserts it; also used by the forked memory-bounded run. */
    record Outcome(int exit, String out, String err) {
    }

    static Outcome run(BrokenInputs.Case c, Path file) {
        String patch = c.role() == BrokenInputs.Role.PATCH ? file.toString() : BrokenInputs.patchSample().toString();
        String candidate = c.role() == BrokenInputs.Role.CANDIDATE ? file.toString() : BrokenInputs.candidateSample().toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new String[]{"check", patch, candidate}, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Outcome(exit, out.toString(), err.toString());
    }

    /** The assertions every run must pass, in this JVM or the memory-bounded one. */
    static void check(BrokenInputs.Case c, Path file, Outcome o) {
        if (c.unusable()) {
            assertEquals(2, o.exit(), () -> c + ": exit status; stderr: " + o.err());
            List<String> lines = o.err().lines().toList();
            assertEquals(1, lines.size(), () -> c + ": exactly one line on stderr, got:\n" + o.err());
            String line = lines.get(0);
            assertTrue(line.startsWith(file + ": "), () -> c + ": the line starts with the file's name: " + line);
            assertTrue(line.contains(c.fragment()), () -> c + ": expected '" + c.fragment() + "' in: " + line);
            assertFalse(line.contains("internal error") || line.contains("Exception") || line.contains("\tat "), line);
            assertTrue(o.out().isEmpty(), () -> c + ": no report on stdout for unusable input: " + o.out());
        } else {
            assertEquals(1, o.exit(), () -> c + ": exit status (findings); stderr: " + o.err() + "\nstdout: " + o.out());
            assertTrue(o.err().isEmpty(), () -> c + ": nothing on stderr: " + o.err());
            assertTrue(o.out().contains(c.fragment()), () -> c + ": expected '" + c.fragment() + "' in the report:\n" + o.out());
        }
    }

    static Path write(BrokenInputs.Case c, Path into) throws IOException {
        return Files.write(into.resolve(c.fileName()), c.bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void brokenInputGivesOneClearAnswer(BrokenInputs.Case c) throws IOException {
        Path file = write(c, dir);
        Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run(c, file), c + " took too long");
        check(c, file, o);
    }

    @Test
    void corpusIsLargeNamedAndCoversEveryKind() {
        List<BrokenInputs.Case> all = cases();
        assertTrue(all.size() >= 30, "at least 30 cases, got " + all.size());
        Set<String> names = new HashSet<>();
        all.forEach(c -> assertTrue(names.add(c.name()), "unique name " + c.name()));
        for (String kind : List.of("truncated-", "past-end", "entsize", "out-of-range", "unterminated", "klp-sym", "klp-rela",
                "wrong-class", "wrong-byte-order", "wrong-machine", "xz-bomb", "zstd-bomb", "gzip-bomb", "xz-garbage",
                "zstd-garbage", "gzip-garbage", "links-to-itself")) {
            assertTrue(all.stream().anyMatch(c -> c.name().contains(kind)), "a case for " + kind);
        }
        byte[] patch = BrokenInputs.read(BrokenInputs.patchSample());
        all.forEach(c -> assertFalse(java.util.Arrays.equals(c.bytes(), patch), c + " differs from the intact sample"));
    }

    /** The intact samples pass, so the failures above come from the damage and not from the setup. */
    @Test
    void intactSamplesGiveAReport() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new String[]{"check", BrokenInputs.patchSample().toString(), BrokenInputs.candidateSample().toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertTrue(exit == 0 || exit == 1, "exit " + exit + ": " + err);
        assertTrue(err.toString().isEmpty(), err.toString());
        assertTrue(out.toString().contains("foo"), out.toString());
    }
}
