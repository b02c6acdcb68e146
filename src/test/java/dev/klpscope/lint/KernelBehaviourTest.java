package dev.klpscope.lint;

import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Inspector;
import dev.klpscope.check.Severity;
import dev.klpscope.cli.Cli;
import dev.klpscope.elf.MalformedInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds klpscope's predictions against what Debian's kernels did with each broken livepatch of samples/broken
 * (samples/broken/kernel-behaviour.tsv for 6.1.0-57, samples/broken/&lt;kernel&gt;/kernel-behaviour.tsv for 6.12 and
 * 7.3, recorded under QEMU by record-broken.py): oops means a {@code crash} finding; rejected or refused means
 * {@code refused} or worse, or exit 2 from the command line for a file klpscope cannot read at all; relocations left
 * unapplied means {@code silent} or worse; loaded fine means nothing above {@code warn} and exit 0. Every row's check
 * id must be among the findings on the patch (lint) or on its candidate. Each file is judged by the rules of the
 * kernel its vermagic names, which is the kernel it was recorded on. Each kernel was recorded more than once
 * (runs.tsv, merge-runs.py): where an out-of-bounds read oopsed in some runs only, the oops is what counts.
 */
class KernelBehaviourTest {

    static Path samples() {
        return Path.of(System.getProperty("klpscope.samples", "samples"));
    }

    record Row(String kernel, String kase, String patch, String candidate, String check, String outcome, String message) {
        @Override
        public String toString() {
            return kernel + " " + kase + " (" + outcome + ")";
        }
    }

    static List<Row> rows() throws IOException {
        List<Row> out = new ArrayList<>(rows("6.1", samples().resolve("broken/kernel-behaviour.tsv")));
        try (Stream<Path> dirs = Files.list(samples().resolve("broken"))) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path tsv = d.resolve("kernel-behaviour.tsv");
                if (Files.exists(tsv)) {
                    out.addAll(rows(d.getFileName().toString(), tsv));
                }
            }
        }
        return out;
    }

    private static List<Row> rows(String kernel, Path tsv) throws IOException {
        Set<String> oopsedSometimes = new HashSet<>();
        Path runs = tsv.resolveSibling("runs.tsv");
        if (Files.exists(runs)) {
            for (String l : Files.readAllLines(runs).stream().skip(1).toList()) {
                String[] f = l.split("\t");
                if (f[2].startsWith("oops")) {
                    oopsedSometimes.add(f[0]);
                }
            }
        }
        List<Row> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(tsv);
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            String outcome = oopsedSometimes.contains(f[0]) ? "oops" : f[6];
            out.add(new Row(kernel, f[0], f[1], f[2], f[3], outcome, f[7]));
        }
        return out;
    }

    @Test
    void everyKernelWasRecordedMoreThanOnce() throws IOException {
        for (String runs : List.of("broken/runs.tsv", "broken/6.12/runs.tsv", "broken/7.3/runs.tsv")) {
            List<String> lines = Files.readAllLines(samples().resolve(runs));
            assertTrue(lines.size() > 33, runs);
            assertTrue(lines.stream().skip(1).allMatch(l -> Integer.parseInt(l.split("\t")[1]) >= 3), runs);
        }
    }

    @Test
    void everyRecordedKernelHasItsRows() throws IOException {
        List<Row> rows = rows();
        for (String k : List.of("6.1", "6.12", "7.3")) {
            assertTrue(rows.stream().filter(r -> r.kernel().equals(k)).count() >= 33, k + " rows");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void lintAgreesWithTheKernel(Row row) {
        Path patch = samples().resolve(row.patch());
        Path candidate = samples().resolve(row.candidate());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new String[]{"check", patch.toString(), candidate.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        List<Finding> findings;
        try {
            Inspection in = Inspector.inspect(patch, List.of(candidate), List.of());
            findings = new ArrayList<>(in.patch().findings());
            findings.addAll(in.candidates().get(0).findings());
        } catch (MalformedInputException e) {
            assertTrue(row.outcome().equals("rejected") || row.outcome().equals("refused"),
                    () -> row + ": klpscope cannot read it (" + e.getMessage() + ") but the kernel did not reject it");
            assertEquals(2, exit, () -> row + ": exit status; " + err);
            assertTrue(e.getMessage().contains("the kernel rejects it too"), () -> row + ": " + e.getMessage());
            return;
        }
        Severity worst = Severity.worstOf(findings);
        String listing = findings.stream().map(p -> p.severity() + " " + p.check() + ": " + p.message())
                .collect(Collectors.joining("\n  "));
        assertTrue(findings.stream().anyMatch(p -> p.check().equals(row.check())),
                () -> row + ": no " + row.check() + " finding among\n  " + listing);
        switch (row.outcome()) {
            case "oops" -> assertEquals(Severity.CRASH, worst, () -> row + ": kernel oopsed; klpscope says\n  " + listing);
            case "rejected", "refused" -> assertTrue(worst.compareTo(Severity.REFUSED) <= 0,
                    () -> row + ": kernel said " + row.message() + "; klpscope says\n  " + listing);
            case "unapplied" -> assertTrue(worst.compareTo(Severity.SILENT) <= 0,
                    () -> row + ": relocations unapplied; klpscope says\n  " + listing);
            case "loaded" -> assertTrue(worst.compareTo(Severity.WARN) >= 0,
                    () -> row + ": the kernel loaded it fine; klpscope says\n  " + listing);
            default -> throw new AssertionError("unknown outcome " + row.outcome());
        }
        if (row.outcome().equals("loaded")) {
            assertEquals(0, exit, () -> row + ": exit status; " + out);
        } else {
            assertNotEquals(0, exit, () -> row + ": a file the kernel " + row.outcome() + " passed check; " + out);
        }
    }

    /** Where the kernel printed a message, klpscope quotes it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void kernelMessagesAreQuoted(Row row) {
        List<Finding> findings;
        try {
            Path candidate = samples().resolve(row.candidate());
            Inspection in = Inspector.inspect(samples().resolve(row.patch()), List.of(candidate), List.of());
            findings = new ArrayList<>(in.patch().findings());
            findings.addAll(in.candidates().get(0).findings());
        } catch (MalformedInputException e) {
            return;
        }
        List<String> quoted = findings.stream().map(f -> f.kernelMessage().orElse("")).filter(m -> !m.isEmpty())
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
