package dev.klpscope.lint;

import dev.klpscope.cli.Cli;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.livepatch.PatchProblem;
import dev.klpscope.livepatch.PatchProblem.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds the livepatch lint's predictions against what Debian's 6.1.0-57 kernel did with each broken livepatch of
 * samples/broken (samples/broken/kernel-behaviour.tsv, recorded under QEMU by record-broken.py): oops means a
 * {@code crash} problem; rejected or refused means {@code refused} or worse, or exit 2 from the command line for a
 * file klpscope cannot read at all; relocations left unapplied means {@code silent} or worse; loaded fine means
 * nothing above {@code warn} and exit 0. Every row's check id must be among the problems.
 */
class KernelBehaviourTest {

    static Path samples() {
        return Path.of(System.getProperty("klpscope.samples", "samples"));
    }

    record Row(String kase, String patch, String candidate, String check, String outcome, String message) {
        @Override
        public String toString() {
            return kase + " (" + outcome + ")";
        }
    }

    static List<Row> rows() throws IOException {
        List<Row> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(samples().resolve("broken/kernel-behaviour.tsv"));
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            out.add(new Row(f[0], f[1], f[2], f[3], f[6], f[7]));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void lintAgreesWithTheKernel(Row row) {
        Path patch = samples().resolve(row.patch());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new String[]{"check", patch.toString(), samples().resolve(row.candidate()).toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        List<PatchProblem> problems;
        try {
            problems = LivepatchReader.read(patch).problems();
        } catch (MalformedInputException e) {
            assertTrue(row.outcome().equals("rejected") || row.outcome().equals("refused"),
                    () -> row + ": klpscope cannot read it (" + e.getMessage() + ") but the kernel did not reject it");
            assertEquals(2, exit, () -> row + ": exit status; " + err);
            assertTrue(e.getMessage().contains("the kernel rejects it too"), () -> row + ": " + e.getMessage());
            return;
        }
        Level worst = problems.stream().map(PatchProblem::level).min(Comparator.naturalOrder()).orElse(Level.INFO);
        String listing = problems.stream().map(p -> p.level() + " " + p.code() + ": " + p.message())
                .collect(Collectors.joining("\n  "));
        assertTrue(problems.stream().anyMatch(p -> p.code().equals(row.check())),
                () -> row + ": no " + row.check() + " problem among\n  " + listing);
        switch (row.outcome()) {
            case "oops" -> assertEquals(Level.CRASH, worst, () -> row + ": kernel oopsed; lint says\n  " + listing);
            case "rejected", "refused" -> assertTrue(worst.compareTo(Level.REFUSED) <= 0,
                    () -> row + ": kernel said " + row.message() + "; lint says\n  " + listing);
            case "unapplied" -> assertTrue(worst.compareTo(Level.SILENT) <= 0,
                    () -> row + ": relocations unapplied; lint says\n  " + listing);
            case "loaded" -> assertTrue(worst.compareTo(Level.WARN) >= 0,
                    () -> row + ": the kernel loaded it fine; lint says\n  " + listing);
            default -> throw new AssertionError("unknown outcome " + row.outcome());
        }
        if (row.outcome().equals("loaded")) {
            assertEquals(0, exit, () -> row + ": exit status; " + out);
        } else {
            assertNotEquals(0, exit, () -> row + ": a file the kernel " + row.outcome() + " passed check; " + out);
        }
    }

    /** Where the kernel printed a message, lint quotes it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void kernelMessagesAreQuoted(Row row) {
        List<PatchProblem> problems;
        try {
            problems = LivepatchReader.read(samples().resolve(row.patch())).problems();
        } catch (MalformedInputException e) {
            return;
        }
        List<String> quoted = problems.stream().map(PatchProblem::kernelMessage).filter(m -> !m.isEmpty())
                .map(m -> m.replaceAll("'<the kernel's>'", "").replaceAll("^livepatch: ", "").replaceAll("\\s+$", ""))
                .toList();
        for (String q : quoted) {
            String head = q.length() > 40 ? q.substring(0, 40) : q;
            if (row.message().contains("oops") || row.outcome().equals("loaded")) {
                continue;
            }
            if (row.message().contains(head)) {
                return;
            }
        }
        assertFalse(!quoted.isEmpty() && !row.outcome().equals("loaded") && !row.message().contains("oops")
                && !row.message().equals("-"), () -> row + ": none of " + quoted + " in the kernel's " + row.message());
    }
}
