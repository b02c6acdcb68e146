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

    /** One row of {@code kernel-verdicts.tsv}: what the real 6.1 kernel did. */
    public record KernelVerdict(String scenario, String patch, String candidate, String order, String outcome, String message) {
    }

    public static List<Scenario> scenarios() {
        return rows("scenarios.tsv").stream().map(r -> new Scenario(r[0], r[1], r[2], r[3], r.length > 4 ? r[4] : "")).toList();
    }

    public static List<KernelVerdict> kernelVerdicts() {
        return rows("kernel-verdicts.tsv").stream()
                .map(r -> new KernelVerdict(r[0], r[1], r[2], r[3], r[6], r.length > 7 ? r[7] : "")).toList();
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
        try {
            List<String> lines = Files.readAllLines(root().resolve(file));
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
