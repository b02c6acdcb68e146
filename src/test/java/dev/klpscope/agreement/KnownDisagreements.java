package dev.klpscope.agreement;

import dev.klpscope.SampleFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The disagreements with real kernels that docs/checks.md lists, each with its reason (section "Where klpscope and
 * the kernel disagree"), and the confusion matrices it shows. Everything else must agree exactly.
 */
public final class KnownDisagreements {

    static final String HEADING = "## Where klpscope and the kernel disagree";

    private KnownDisagreements() {
    }

    public static Path checksDoc() {
        return SampleFiles.root().toAbsolutePath().getParent().resolve("docs/checks.md");
    }

    /**
     * Listed disagreement key (kernel | patch | candidate | order | recorded | predicted) → reason; a row whose
     * order is {@code either} stands for both orders.
     */
    public static Map<String, String> listed() {
        Map<String, String> out = new LinkedHashMap<>();
        boolean in = false;
        for (String line : lines()) {
            if (line.startsWith("## ")) {
                in = line.equals(HEADING);
            } else if (in && line.startsWith("| ") && !line.startsWith("| kernel |") && !line.startsWith("|---")) {
                List<String> cells = new ArrayList<>();
                for (String c : line.substring(1, line.length() - 1).split("\\|", -1)) {
                    cells.add(c.strip().replace("`", ""));
                }
                if (cells.size() == 7) {
                    // "either": the same in both load orders
                    for (String order : cells.get(3).equals("either") ? List.of("target-first", "patch-first")
                            : List.of(cells.get(3))) {
                        cells.set(3, order);
                        out.put(String.join(" | ", cells.subList(0, 6)), cells.get(6));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Fails on a disagreement docs/checks.md does not list, on a listed one without a reason, and on a listed one
     * (of the rows {@code mine} covers) that no longer happens.
     */
    public static void assertOnlyListed(List<Judged> judged, Predicate<String> mine) {
        Map<String, String> listed = listed();
        List<String> unlisted = judged.stream().filter(j -> !j.agrees() && !listed.containsKey(j.key()))
                .map(Judged::toString).toList();
        assertTrue(unlisted.isEmpty(), () -> unlisted.size() + " disagreement(s) with the kernel not listed in "
                + "docs/checks.md \"" + HEADING.substring(3) + "\":\n  " + String.join("\n  ", unlisted));
        List<String> keys = judged.stream().filter(j -> !j.agrees()).map(Judged::key).toList();
        List<String> stale = listed.keySet().stream().filter(mine).filter(k -> !keys.contains(k)).toList();
        assertTrue(stale.isEmpty(), () -> "docs/checks.md lists disagreements that no longer happen:\n  "
                + String.join("\n  ", stale));
        listed.forEach((k, why) -> assertFalse(why.isBlank(), () -> "no reason given for " + k));
    }

    /** Fails unless docs/checks.md shows {@code matrix} verbatim. */
    public static void assertDocumented(String matrix) {
        String doc = String.join("\n", lines());
        assertTrue(doc.contains(matrix.strip()), () -> "docs/checks.md does not show this confusion matrix:\n" + matrix);
    }

    /** Rows per kernel, failing unless the kernels and their row counts are exactly {@code pinned}. */
    public static Map<String, List<Judged>> byKernel(List<Judged> judged, Map<String, Integer> pinned) {
        Map<String, List<Judged>> out = judged.stream()
                .collect(Collectors.groupingBy(Judged::kernel, java.util.TreeMap::new, Collectors.toList()));
        Map<String, Integer> counts = new java.util.TreeMap<>();
        out.forEach((k, rows) -> counts.put(k, rows.size()));
        assertEquals(new java.util.TreeMap<>(pinned), counts, "recorded kernels and their row counts");
        return out;
    }

    private static List<String> lines() {
        try {
            return Files.readAllLines(checksDoc());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
