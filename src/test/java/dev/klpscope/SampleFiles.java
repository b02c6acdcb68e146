package dev.klpscope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real modules in {@code samples/} and the tables that describe them ({@code scenarios.tsv},
 * {@code kernel-verdicts.tsv}). Surefire passes the folder as {@code klpscope.samples}.
 */
public final class SampleFiles {

    private SampleFiles() {
    }

    public static Path root() {
        String p = System.getProperty("klpscope.samples");
        Path root = p != null ? Path.of(p) : Path.of("samples");
        if (!Files.isRegularFile(root.resolve("scenarios.tsv"))) {
            throw new IllegalStateException("samples not found at " + root.toAbsolutePath());
        }
        return root;
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    /** One row of {@code scenarios.tsv}: what klpscope should report for a (patch, candidate) pair. */
    public record Scenario(String scenario, String patch, String candidate, String expected, String why) {
    }

    /**
     * One row of a {@code kernel-verdicts.tsv}: what a real kernel did, and what its probe read back ({@code -}: the
     * target was not loaded, or has no probe).
     */
    public record KernelVerdict(String scenario, String patch, String candidate, String order, String outcome,
                                String message, String observed) {
    }

    /**
     * One row of a {@code kernel-readback.tsv}: what the probe reads back when the patch does what it was built to
     * do ({@code right}), and what the target alone gives ({@code unpatched}; {@code -} when not meaningful), per
     * load order ({@code any}, {@code target-first}, {@code patch-first}).
     */
    public record Readback(String patch, String candidate, String order, String right, String unpatched, String why) {
    }

    public static List<Scenario> scenarios() {
        return rows("scenarios.tsv").stream().map(r -> new Scenario(r[0], r[1], r[2], r[3], r.length > 4 ? r[4] : "")).toList();
    }

    /** The 6.1 kernel's verdicts ({@code samples/kernel-verdicts.tsv}). */
    public static List<KernelVerdict> kernelVerdicts() {
        return kernelVerdicts(root().resolve("kernel-verdicts.tsv"));
    }

    public static List<KernelVerdict> kernelVerdicts(Path tsv) {
        return rows(tsv).stream().map(r -> new KernelVerdict(r[0], r[1], r[2], r[3], r[6], r[7], r[8])).toList();
    }

    /**
     * Every recorded kernel's {@code kernel-verdicts.tsv} by kernel: 6.1's at the top of samples/, the others'
     * in samples/kernels/&lt;kernel&gt;/.
     */
    public static Map<String, Path> kernelRecordings() {
        Map<String, Path> out = new java.util.TreeMap<>();
        out.put("6.1", root().resolve("kernel-verdicts.tsv"));
        try (var dirs = Files.list(root().resolve("kernels"))) {
            dirs.map(d -> d.resolve("kernel-verdicts.tsv")).filter(Files::isRegularFile)
                    .forEach(t -> out.put(t.getParent().getFileName().toString(), t));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The read-back expectations next to a {@code kernel-verdicts.tsv} ({@code kernel-readback.tsv}). */
    public static List<Readback> readbacks(Path verdicts) {
        return rows(verdicts.resolveSibling("kernel-readback.tsv")).stream()
                .map(r -> new Readback(r[0], r[1], r[2], r[3], r[4], r[5])).toList();
    }

    /** A path of a recording: relative to samples/, or else to the recording's own folder. */
    public static Path recorded(Path tsv, String relative) {
        Path p = path(relative);
        return Files.exists(p) ? p : tsv.resolveSibling(relative);
    }

    /**
     * The candidates a patch's rows name as the build it was made from (a {@code why} starting "Baseline"): where the
     * files alone cannot tell (same vermagic, same CRCs), the scenario says it, as a user would with --baseline.
     */
    public static List<Path> baselinesOf(String patch) {
        return scenarios().stream().filter(s -> s.patch().equals(patch) && s.why().startsWith("Baseline"))
                .map(s -> path(s.candidate())).toList();
    }

    /** Rows grouped by patch, candidates in file order. */
    public static Map<String, List<Scenario>> scenariosByPatch() {
        Map<String, List<Scenario>> out = new LinkedHashMap<>();
        for (Scenario s : scenarios()) {
            out.computeIfAbsent(s.patch(), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    private static List<String[]> rows(String file) {
        return rows(root().resolve(file));
    }

    private static List<String[]> rows(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<String[]> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split("\t", -1));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
