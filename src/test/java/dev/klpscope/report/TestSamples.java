package dev.klpscope.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sample modules under {@code samples/} and the scenarios listed in {@code samples/scenarios.tsv}. */
public final class TestSamples {

    /** One row of scenarios.tsv: a patch, a candidate and the worst severity the samples README predicts. */
    public record Scenario(String scenario, Path patch, Path candidate, String expected, String why) {
        @Override
        public String toString() {
            return scenario + ": " + patch.getFileName() + " vs " + dir().relativize(candidate);
        }
    }

    private TestSamples() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("klpscope.samples", "samples"));
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }

    public static List<Scenario> scenarios() {
        try {
            List<Scenario> out = new ArrayList<>();
            for (String line : Files.readAllLines(dir().resolve("scenarios.tsv"))) {
                String[] f = line.split("\t");
                if (f.length < 4 || f[0].equals("scenario") || line.startsWith("#")) {
                    continue;
                }
                out.add(new Scenario(f[0], dir().resolve(f[1]), dir().resolve(f[2]), f[3], f.length > 4 ? f[4] : ""));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The candidate the samples README names as the patch's baseline (its "why" starts with "Baseline"), if one. */
    public static Optional<Path> baselineFor(Path patch) {
        return scenarios().stream().filter(s -> s.patch().equals(patch) && s.why().startsWith("Baseline"))
                .map(Scenario::candidate).findFirst();
    }

    /** Every patch with all of its scenario candidates: one inspection per patch exercises the multi-candidate path. */
    public static Map<Path, List<Path>> candidatesByPatch() {
        Map<Path, List<Path>> out = new LinkedHashMap<>();
        for (Scenario s : scenarios()) {
            List<Path> list = out.computeIfAbsent(s.patch(), k -> new ArrayList<>());
            if (!list.contains(s.candidate())) {
                list.add(s.candidate());
            }
        }
        return out;
    }
}
