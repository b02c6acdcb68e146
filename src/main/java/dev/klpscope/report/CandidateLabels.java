package dev.klpscope.report;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Short column labels for candidates, so that a table of targets × candidates fits a review column: the path
 * components no two candidates share ({@code samples/crc/v1/bar.ko}, {@code samples/crc/v2/bar.ko} → {@code v1},
 * {@code v2}); {@code c1}, {@code c2}, … when those would still be long or not distinct. A legend maps them back.
 */
public final class CandidateLabels {

    /** Longer labels would widen every column; a numbered label with the legend reads better. */
    static final int MAX_LENGTH = 16;

    private CandidateLabels() {
    }

    /** Label per path, in the given order. */
    public static Map<String, String> of(List<String> paths) {
        Map<String, String> out = new LinkedHashMap<>();
        if (paths.size() == 1) {
            String[] parts = paths.get(0).split("/");
            out.put(paths.get(0), parts[parts.length - 1]);
        } else {
            List<String[]> split = paths.stream().map(p -> p.split("/")).toList();
            int prefix = common(split, false);
            int suffix = common(split, true);
            for (int i = 0; i < paths.size(); i++) {
                String[] parts = split.get(i);
                int end = Math.max(prefix, parts.length - suffix);
                out.put(paths.get(i), String.join("/", java.util.Arrays.copyOfRange(parts, prefix, end)));
            }
        }
        boolean usable = new HashSet<>(out.values()).size() == out.size()
                && out.values().stream().allMatch(l -> !l.isEmpty() && l.length() <= MAX_LENGTH);
        if (!usable) {
            int n = 0;
            for (Map.Entry<String, String> e : out.entrySet()) {
                e.setValue("c" + ++n);
            }
        }
        return out;
    }

    /** How many leading (or trailing) path components every path shares, leaving each at least one. */
    private static int common(List<String[]> split, boolean fromEnd) {
        int shortest = split.stream().mapToInt(p -> p.length).min().orElse(0);
        int n = 0;
        while (n < shortest - 1) {
            String first = component(split.get(0), n, fromEnd);
            int k = n;
            if (!split.stream().allMatch(p -> component(p, k, fromEnd).equals(first))) {
                break;
            }
            n++;
        }
        return n;
    }

    private static String component(String[] parts, int n, boolean fromEnd) {
        return fromEnd ? parts[parts.length - 1 - n] : parts[n];
    }
}
