package dev.klpscope.report;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the review image names input files: relative to the patch's folder. The sheet prints a candidate's path
 * itself where it shows one; inside a finding's words (which quote paths as given) only a whole token equal to a
 * given path is renamed, in one pass, so that a renamed path is never renamed again and a name that merely
 * contains a path ({@code vmlinux_lp}, {@code ../seed/v1/foo.ko} for {@code foo.ko}) stays as it is. A path given
 * without a folder and without a module's or compressed file's ending ({@code vmlinux}) is not renamed inside
 * words: it reads like the object names findings are full of.
 */
final class ReviewPaths {

    /** Before a token: the start, a space or an opening parenthesis. */
    private static final String BEFORE = "(?<![^\\s(])";
    /**
     * After a token: the end or a space, after at most one punctuation mark that ends a clause, or a closing
     * parenthesis and one ({@code in the baseline (PATH): first difference}).
     */
    private static final String AFTER = "(?=(?:\\)?[,;:.]|[,;:.)])?(?:\\s|$))";

    private final String patch;
    private final Map<String, String> renamed = new LinkedHashMap<>();
    private final Pattern tokens;

    ReviewPaths(String patch, List<String> paths) {
        this.patch = patch;
        paths.stream().filter(ReviewPaths::readsAsPath).sorted(Comparator.comparing(String::length).reversed())
                .forEach(p -> {
                    String rel = relative(patch, p);
                    if (!rel.equals(p)) {
                        renamed.put(p, rel);
                    }
                });
        tokens = renamed.isEmpty() ? null : Pattern.compile(BEFORE + "("
                + renamed.keySet().stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")" + AFTER);
    }

    /** A folder in it, or the ending of a module or of a compressed file: not an object's name. */
    private static boolean readsAsPath(String given) {
        return given.contains("/") || given.matches(".*\\.(ko|xz|zst|gz)");
    }

    /** A path as the sheet prints it. */
    String path(String given) {
        return relative(patch, given);
    }

    /** {@code text} with each whole-token given path renamed, in one pass. */
    String inText(String text) {
        if (tokens == null) {
            return text;
        }
        return tokens.matcher(text).replaceAll(m -> Matcher.quoteReplacement(renamed.get(m.group(1))));
    }

    /**
     * {@code path} relative to the patch's folder when it is at most two folders up from there; as given otherwise
     * (a system path such as /var/cache/… reads better whole than as ../../../..).
     */
    static String relative(String patch, String path) {
        Path folder = Path.of(patch).toAbsolutePath().normalize().getParent();
        Path target = Path.of(path).toAbsolutePath().normalize();
        if (folder == null) {
            return path;
        }
        Path rel = folder.relativize(target);
        int up = 0;
        for (Path part : rel) {
            if (part.toString().equals("..")) {
                up++;
            }
        }
        return up <= 2 ? rel.toString() : path;
    }
}
