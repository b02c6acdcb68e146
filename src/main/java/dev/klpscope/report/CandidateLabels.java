package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Short, distinct labels for candidates, the one implementation the window's columns, the review image and the
 * reports share, so that a table of targets × candidates fits a review column: the part of the path that differs
 * ({@code samples/crc/v1/bar.ko}, {@code samples/crc/v2/bar.ko} → {@code v1}, {@code v2};
 * {@code /var/cache/klpscope/dbg/6.1.0-47/vmlinux}, … → {@code 6.1.0-47}, …), within a file name when only that
 * differs ({@code vmlinux-6.1.0-47-amd64.symtab.xz} → {@code 6.1.0-47}); else the part of the kernel releases that
 * differs; {@code c1}, {@code c2}, … when those would still be long or not distinct. A legend (or a tooltip) maps
 * them back to paths; {@link #shown} marks the baseline with {@value #BASELINE_MARK}.
 */
public final class CandidateLabels {

    /** Longer labels would widen every column; a numbered label with the legend reads better. */
    public static final int MAX_LENGTH = 16;

    /** After a baseline's label wherever labels are shown (not in ids or legends that say "baseline" in words). */
    public static final String BASELINE_MARK = "★";

    /** Separators a label may be cut at inside a file name: a version keeps its dots. */
    private static final String CUTS = "-_.";

    private CandidateLabels() {
    }

    /** Label per path, in the given order. */
    public static Map<String, String> of(List<String> paths) {
        Map<String, String> out = byPath(paths);
        return usable(out) ? out : numbered(paths);
    }

    /** Label per candidate path: by path as {@link #of}, else by kernel release, else numbered. */
    public static Map<String, String> ofCandidates(List<CandidateInfo> candidates) {
        return ofCandidates(candidates, UnaryOperator.identity());
    }

    /**
     * As {@link #ofCandidates(List)}, for the paths as a report prints them ({@code shown}; relative to the patch's
     * folder, say): a candidate given as {@code foo.ko} beside {@code ../v2/foo.ko} is {@code v1}, not {@code foo.ko}.
     * Keyed by the paths as given.
     */
    public static Map<String, String> ofCandidates(List<CandidateInfo> candidates, UnaryOperator<String> shown) {
        List<String> given = candidates.stream().map(CandidateInfo::path).toList();
        List<String> paths = given.stream().map(shown).toList();
        if (new HashSet<>(paths).size() < paths.size()) {
            paths = given;
        }
        Map<String, String> labels = byShownPath(candidates, paths);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) {
            out.put(given.get(i), labels.get(paths.get(i)));
        }
        return out;
    }

    private static Map<String, String> byShownPath(List<CandidateInfo> candidates, List<String> paths) {
        Map<String, String> out = byPath(paths);
        if (usable(out)) {
            return out;
        }
        List<String> releases = candidates.stream().map(CandidateInfo::release).toList();
        if (releases.stream().noneMatch(String::isEmpty)) {
            List<String> cut = differingPart(releases);
            Map<String, String> byRelease = new LinkedHashMap<>();
            for (int i = 0; i < paths.size(); i++) {
                byRelease.put(paths.get(i), cut.get(i));
            }
            if (usable(byRelease)) {
                return byRelease;
            }
        }
        return numbered(paths);
    }

    /** The label as shown in a column or a line: the baseline's followed by {@value #BASELINE_MARK}. */
    public static String shown(String label, boolean baseline) {
        return baseline ? label + " " + BASELINE_MARK : label;
    }

    private static Map<String, String> byPath(List<String> paths) {
        Map<String, String> out = new LinkedHashMap<>();
        if (paths.size() == 1) {
            String[] parts = paths.get(0).split("/");
            out.put(paths.get(0), parts[parts.length - 1]);
            return out;
        }
        List<String[]> split = paths.stream().map(p -> p.split("/")).toList();
        int prefix = common(split, false);
        int suffix = common(split, true);
        List<String> labels = new ArrayList<>();
        for (String[] parts : split) {
            int end = Math.max(prefix, parts.length - suffix);
            labels.add(String.join("/", Arrays.copyOfRange(parts, prefix, end)));
        }
        // Same folder, file names that differ only in part (a version inside the name): that part.
        if (labels.stream().anyMatch(l -> l.length() > MAX_LENGTH) && labels.stream().noneMatch(l -> l.contains("/"))) {
            labels = differingPart(labels);
        }
        for (int i = 0; i < paths.size(); i++) {
            out.put(paths.get(i), labels.get(i));
        }
        return out;
    }

    /**
     * Each string less the characters all share at the start and the end, cut at a separator ({@value #CUTS}) so
     * that no token is split, and widened over a version's dots and dashes so that {@code 6.1.0-47} stays whole.
     */
    static List<String> differingPart(List<String> names) {
        if (names.size() < 2) {
            return names;
        }
        int shortest = names.stream().mapToInt(String::length).min().orElse(0);
        int pre = 0;
        while (pre < shortest && sameAt(names, pre, false)) {
            pre++;
        }
        int suf = 0;
        while (suf < shortest - pre && sameAt(names, suf, true)) {
            suf++;
        }
        // Back to the start of the token (or version) the difference begins in...
        String first = names.get(0);
        while (pre > 0 && !isCut(first.charAt(pre - 1))) {
            pre--;
        }
        while (pre > 1 && isVersionJoint(first, pre - 1)) {
            pre--;
            while (pre > 0 && Character.isDigit(first.charAt(pre - 1))) {
                pre--;
            }
        }
        // ...and forward to the end of the token it ends in.
        while (suf > 0 && !isCut(first.charAt(first.length() - suf))) {
            suf--;
        }
        int p = pre;
        int s = suf;
        return names.stream().map(n -> n.substring(p, Math.max(p, n.length() - s))).toList();
    }

    /** A '.' or '-' between digits: inside a version such as {@code 6.1.0-47}. */
    private static boolean isVersionJoint(String s, int i) {
        char c = s.charAt(i);
        return (c == '.' || c == '-') && i > 0 && Character.isDigit(s.charAt(i - 1))
                && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1));
    }

    private static boolean sameAt(List<String> names, int k, boolean fromEnd) {
        String first = names.get(0);
        char c = fromEnd ? first.charAt(first.length() - 1 - k) : first.charAt(k);
        return names.stream().allMatch(n -> (fromEnd ? n.charAt(n.length() - 1 - k) : n.charAt(k)) == c);
    }

    private static boolean isCut(char c) {
        return CUTS.indexOf(c) >= 0;
    }

    private static boolean usable(Map<String, String> labels) {
        return new HashSet<>(labels.values()).size() == labels.size()
                && labels.values().stream().allMatch(l -> !l.isEmpty() && l.length() <= MAX_LENGTH);
    }

    private static Map<String, String> numbered(List<String> paths) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = 0;
        for (String p : paths) {
            out.put(p, "c" + ++n);
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
