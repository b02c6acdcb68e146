package dev.klpscope.lint;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import dev.klpscope.agreement.ConfusionMatrix;
import dev.klpscope.agreement.Judged;
import dev.klpscope.agreement.KernelOutcome;
import dev.klpscope.agreement.KnownDisagreements;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds klpscope's predictions against what Debian's kernels did with each broken livepatch of samples/broken
 * (samples/broken/kernel-behaviour.tsv for 6.1.0-57, samples/broken/&lt;kernel&gt;/kernel-behaviour.tsv for 6.12 and
 * 7.3, recorded under QEMU by record-broken.py), exactly ({@link KernelOutcome}): loaded, with the probe reading back
 * the healthy sample's values, is {@code ok}/{@code info}/{@code warn} and exit 0; loaded with other values, or
 * relocations left unapplied, is {@code silent}; rejected or refused is {@code refused}, or exit 2 for a file
 * klpscope cannot read at all; an oops is {@code crash}. A disagreement must be listed in docs/checks.md with its
 * reason. Each file is judged by the rules of the kernel its vermagic names, which is the kernel it was recorded on.
 * Each kernel was recorded more than once (runs.tsv, merge-runs.py): where an out-of-bounds read oopsed in some runs
 * only, the oops is what counts.
 */
class KernelBehaviourTest {

    /** Rows per recorded kernel: a recording that loses or gains rows must say so here. */
    static final Map<String, Integer> ROWS = Map.of("6.1", 44, "6.12", 45, "7.3", 45);

    static final List<String> PREDICTIONS = List.of("ok", "info", "warn", "risk", "silent", "refused", "crash",
            Judged.UNREADABLE);

    static Path samples() {
        return SampleFiles.root();
    }

    record Row(String kernel, String kase, String patch, String candidate, String check, KernelOutcome outcome,
               String message) {
        @Override
        public String toString() {
            return kernel + " " + kase + " (" + outcome.words() + ")";
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
        Set<String> oopsedSometimes = new java.util.HashSet<>();
        for (String l : Files.readAllLines(tsv.resolveSibling("runs.tsv")).stream().skip(1).toList()) {
            String[] f = l.split("\t");
            if (f[2].contains("oops")) {
                oopsedSometimes.add(f[0]);
            }
        }
        Map<String, String> healthy = healthy(kernel, tsv);
        List<Row> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(tsv);
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t", -1);
            String base = f[2].endsWith(".ko") ? "seed" : "vmlinux";
            KernelOutcome outcome = oopsedSometimes.contains(f[0]) ? KernelOutcome.OOPS
                    : recorded(f[6], f[8], healthy.get(base));
            out.add(new Row(kernel, f[0], f[1], f[2], f[3], outcome, f[7]));
        }
        return out;
    }

    /** A recorded outcome; a loaded patch is right only when its probe read back the healthy sample's values. */
    static KernelOutcome recorded(String outcome, String observed, String healthy) {
        return switch (outcome) {
            case "rejected", "refused" -> KernelOutcome.REFUSED;
            case "oops" -> KernelOutcome.OOPS;
            case "unapplied" -> KernelOutcome.NEVER_APPLIED;
            case "loaded" -> observed.equals(healthy) ? KernelOutcome.LOADED_RIGHT : KernelOutcome.LOADED_WRONG;
            default -> throw new AssertionError("unknown recorded outcome '" + outcome + "'");
        };
    }

    /**
     * What the unbroken seed and vmlinux patches read back on that kernel: 6.1's from samples/kernel-verdicts.tsv,
     * the others' from samples/broken/&lt;kernel&gt;/kernel-log/healthy.tsv (record-broken.py --healthy).
     */
    static Map<String, String> healthy(String kernel, Path tsv) throws IOException {
        Map<String, String> out = new HashMap<>();
        if (kernel.equals("6.1")) {
            for (var k : SampleFiles.kernelVerdicts()) {
                if (k.order().equals("target-first") && k.outcome().equals("loaded")
                        && (k.patch().equals("seed/seed_lp1.ko") && k.candidate().equals("seed/v1/foo.ko")
                        || k.patch().equals("vmlinux/vmlinux_lp.ko"))) {
                    out.put(k.patch().startsWith("seed/") ? "seed" : "vmlinux", k.observed());
                }
            }
        } else {
            for (String l : Files.readAllLines(tsv.resolveSibling("kernel-log/healthy.tsv")).stream().skip(1).toList()) {
                String[] f = l.split("\t", -1);
                assertEquals("loaded", f[6], l);
                out.put(f[0].replace("healthy-", ""), f[8]);
            }
        }
        assertEquals(Set.of("seed", "vmlinux"), out.keySet(), kernel + " healthy read-backs");
        return out;
    }

    /** What klpscope predicts for a row: the worst finding on the patch or its candidate, or unreadable. */
    record Prediction(String word, List<Finding> findings, String unreadable) {
    }

    static Prediction predict(Row row) {
        try {
            Inspection in = Loading.inspect(samples().resolve(row.patch()), List.of(samples().resolve(row.candidate())),
                    List.of());
            List<Finding> findings = new ArrayList<>(in.patch().findings());
            findings.addAll(in.candidates().get(0).findings());
            return new Prediction(Finding.worstOf(findings).word(), findings, "");
        } catch (MalformedInputException e) {
            return new Prediction(Judged.UNREADABLE, List.of(), e.getMessage());
        }
    }

    private static Map<Row, Prediction> predictions;

    static synchronized Map<Row, Prediction> predictions() throws IOException {
        if (predictions == null) {
            Map<Row, Prediction> out = new java.util.LinkedHashMap<>();
            for (Row r : rows()) {
                out.put(r, predict(r));
            }
            predictions = out;
        }
        return predictions;
    }

    static List<Judged> judged() throws IOException {
        List<Judged> out = new ArrayList<>();
        predictions().forEach((r, p) -> out.add(new Judged(r.kernel(), r.patch(), r.candidate(), "target-first",
                r.outcome(), p.word(), r.message())));
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
    void everyRecordedKernelHasItsPinnedRows() throws IOException {
        KnownDisagreements.byKernel(judged(), ROWS);
    }

    @Test
    void klpscopePredictsEveryRecordedOutcomeExactly() throws IOException {
        KnownDisagreements.byKernel(judged(), ROWS).forEach((kernel, rows) ->
                System.out.println(ConfusionMatrix.markdown(title(kernel), rows, PREDICTIONS)));
        KnownDisagreements.assertOnlyListed(judged(), key -> key.split(" \\| ")[1].startsWith("broken/"));
    }

    @Test
    void docsShowEveryKernelsConfusionMatrix() throws IOException {
        KnownDisagreements.byKernel(judged(), ROWS).forEach((kernel, rows) ->
                KnownDisagreements.assertDocumented(ConfusionMatrix.markdown(title(kernel), rows, PREDICTIONS)));
    }

    static String title(String kernel) {
        return "Broken livepatches on Linux " + kernel;
    }

    /** The row's check is among the findings, and the command line's exit status says the same as the prediction. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void theCheckAndTheExitStatusMatchThePrediction(Row row) throws IOException {
        Prediction p = predictions().get(row);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Cli.run(new String[]{"check", samples().resolve(row.patch()).toString(),
                samples().resolve(row.candidate()).toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        if (p.word().equals(Judged.UNREADABLE)) {
            assertEquals(2, exit, () -> row + ": exit status; " + err);
            assertTrue(p.unreadable().contains("the kernel rejects it too"), () -> row + ": " + p.unreadable());
            return;
        }
        String listing = p.findings().stream().map(f -> f.severity() + " " + f.check() + ": " + f.message())
                .collect(Collectors.joining("\n  "));
        assertTrue(p.findings().stream().anyMatch(f -> f.check().equals(row.check())),
                () -> row + ": no " + row.check() + " finding among\n  " + listing);
        boolean fails = Severity.fromWord(p.word()).atLeast(Severity.SILENT);
        assertEquals(fails ? 1 : 0, exit, () -> row + ": exit status for " + p.word() + "; " + out);
    }

    /**
     * Every row the kernel refused with a message of its own (not only insmod's strerror line), and klpscope predicts
     * refused: that message is quoted.
     */
    static List<Row> refusedWithAMessage() throws IOException {
        List<Row> out = new ArrayList<>();
        predictions().forEach((r, p) -> {
            boolean printed = Stream.of(r.message().split(" \\| ")).anyMatch(m -> !m.startsWith("insmod:") && !m.equals("-"));
            if (r.outcome() == KernelOutcome.REFUSED && p.word().equals("refused") && printed) {
                out.add(r);
            }
        });
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedWithAMessage")
    void kernelMessagesAreQuoted(Row row) throws IOException {
        List<String> quoted = predictions().get(row).findings().stream().filter(f -> f.severity() == Severity.REFUSED)
                .map(f -> f.kernelMessage().orElse("")).filter(m -> !m.isEmpty())
                .map(m -> m.replaceAll("'<the kernel's>'", "").replaceAll("^livepatch: ", "").strip())
                .toList();
        assertFalse(quoted.isEmpty(), () -> row + ": a refused finding that quotes no kernel message");
        assertTrue(quoted.stream().anyMatch(q -> row.message().contains(q.length() > 40 ? q.substring(0, 40) : q)),
                () -> row + ": none of " + quoted + " in the kernel's " + row.message());
    }

    @Test
    void enoughRefusalsAreQuoted() throws IOException {
        Map<String, Long> perKernel = new TreeMap<>(refusedWithAMessage().stream()
                .collect(Collectors.groupingBy(Row::kernel, Collectors.counting())));
        perKernel.forEach((k, n) -> assertTrue(n >= 15, k + ": only " + n + " refusals with a kernel message"));
        assertEquals(ROWS.keySet(), perKernel.keySet());
    }

    /** The read-back decides: a loaded row is right only with the healthy sample's values. */
    @Test
    void aLoadedRowIsRightOnlyWithTheHealthyReadBack() {
        assertEquals(KernelOutcome.LOADED_RIGHT, recorded("loaded", "a=41 c=2", "a=41 c=2"));
        assertEquals(KernelOutcome.LOADED_WRONG, recorded("loaded", "a=80 c=2", "a=41 c=2"));
        assertEquals(KernelOutcome.NEVER_APPLIED, recorded("unapplied", "a=1 c=2", "a=41 c=2"));
    }

}
