package dev.klpscope.ui.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Short, distinct column titles for candidate paths: as few trailing path parts as tell them apart ({@code v1/foo.ko}). */
public final class CandidateLabels {

    private CandidateLabels() {
    }

    public static List<String> of(List<String> paths) {
        int max = paths.stream().mapToInt(p -> Path.of(p).getNameCount()).max().orElse(1);
        for (int parts = 1; parts <= max; parts++) {
            List<String> labels = new ArrayList<>();
            for (String p : paths) {
                labels.add(tail(p, parts));
            }
            Set<String> distinct = new HashSet<>(labels);
            if (distinct.size() == labels.size()) {
                return labels;
            }
        }
        return List.copyOf(paths);
    }

    private static String tail(String path, int parts) {
        Path p = Path.of(path);
        int n = p.getNameCount();
        return n <= parts ? path : p.subpath(n - parts, n).toString();
    }
}
