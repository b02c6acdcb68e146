package dev.klpscope.kernels;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kernel release strings: the flavour they name, and their order. */
final class Releases {

    private Releases() {
    }

    /**
     * {@code VERSION[-ABI][+LOCAL]-FLAVOUR} as Debian, Ubuntu and SUSE spell it ({@code 6.1.0-57-rt-amd64},
     * {@code 6.12.95+deb12-cloud-amd64}, {@code 6.8.0-45-generic}, {@code 5.14.21-150500.55.65-default}); Red Hat's
     * {@code 5.14.0-427.el9.x86_64+rt} names its variant after a plus.
     */
    private static final Pattern DASHED = Pattern.compile("\\d+(?:\\.\\d+)*(?:-\\d+(?:\\.\\d+)*)?(?:\\+[^-]*)?-([a-z][a-z0-9_-]*)");
    private static final Pattern PLUS_VARIANT = Pattern.compile(".*\\.[a-z0-9_]+\\+([a-z][a-z0-9_]*)");

    /** The flavour {@code release} names, or empty (a plain kbuild release such as {@code 6.1.192}). */
    static String flavour(String release) {
        Matcher dashed = DASHED.matcher(release);
        if (dashed.matches()) {
            return dashed.group(1);
        }
        Matcher plus = PLUS_VARIANT.matcher(release);
        return plus.matches() ? plus.group(1) : "";
    }

    /** A release as the kernel writes it into paths: no separators, no spaces, not empty, not {@code .}/{@code ..}. */
    static boolean plausible(String release) {
        return !release.isEmpty() && release.length() <= 128 && !release.equals(".") && !release.equals("..")
                && release.chars().allMatch(c -> c > ' ' && c < 0x7f && c != '/');
    }

    /** {@code 6.1.0-9} before {@code 6.1.0-10}: runs of digits compare as numbers, the rest as text. */
    static final Comparator<String> ORDER = Releases::compare;

    private static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int ei = digitsEnd(a, i);
                int ej = digitsEnd(b, j);
                String na = a.substring(i, ei).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(j, ej).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j) != 0
                ? Integer.compare(a.length() - i, b.length() - j) : a.compareTo(b);
    }

    private static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && Character.isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }
}
