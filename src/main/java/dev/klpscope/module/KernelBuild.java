package dev.klpscope.module;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel build an object belongs to, from its release string ({@link KernelObject#release()}: a vmlinux's
 * {@code linux_banner}, a module's {@code vermagic}): the release as the kernel prints it ({@code uname -r}), split
 * into the build ({@code 6.1.0-57}, {@code 6.12.95+deb12}, {@code 5.14.21-150500.55.39}) and the flavour
 * distributions build it in ({@code amd64}, {@code cloud-amd64}, {@code rt-amd64}, {@code generic}, {@code default}).
 * The flavour is what follows the last dash-separated word that starts with a digit; Debian, Ubuntu and SUSE name
 * their releases so. A release without one (an upstream {@code 6.8.0-rc1}, Fedora's {@code 6.5.6-300.fc39.x86_64})
 * has an empty flavour.
 *
 * @param release the whole release string
 * @param build   the release without the flavour
 * @param flavour the flavour, or ""
 */
public record KernelBuild(String release, String build, String flavour) implements Comparable<KernelBuild> {

    private static final Pattern RC = Pattern.compile("rc\\d+");
    private static final Pattern NUMBERS = Pattern.compile("\\d+");

    /** Sorts builds by version: numbers in the build compare as numbers ({@code 6.1.0-9} before {@code 6.1.0-47}). */
    public static final Comparator<KernelBuild> BY_VERSION = Comparator.comparing(KernelBuild::build, KernelBuild::compareVersions)
            .thenComparing(KernelBuild::flavour).thenComparing(KernelBuild::release);

    public static KernelBuild of(String release) {
        String[] words = release.split("-", -1);
        int flavourFrom = words.length;
        for (int i = words.length - 1; i >= 1; i--) {
            String w = words[i];
            if (!w.isEmpty() && (Character.isDigit(w.charAt(0)) || RC.matcher(w).matches())) {
                break;
            }
            flavourFrom = i;
        }
        if (words.length == 1 || flavourFrom == words.length) {
            return new KernelBuild(release, release, "");
        }
        return new KernelBuild(release, String.join("-", List.of(words).subList(0, flavourFrom)),
                String.join("-", List.of(words).subList(flavourFrom, words.length)));
    }

    @Override
    public int compareTo(KernelBuild o) {
        return BY_VERSION.compare(this, o);
    }

    /** Compares two version strings run by run: digits as numbers, anything else as text. */
    static int compareVersions(String a, String b) {
        List<String> x = runs(a);
        List<String> y = runs(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            String p = x.get(i);
            String q = y.get(i);
            boolean pn = Character.isDigit(p.charAt(0));
            boolean qn = Character.isDigit(q.charAt(0));
            int c;
            if (pn && qn) {
                c = new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
            } else {
                c = pn != qn ? (pn ? 1 : -1) : p.compareTo(q);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    }

    private static List<String> runs(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = NUMBERS.matcher(s);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                out.add(s.substring(at, m.start()));
            }
            out.add(m.group());
            at = m.end();
        }
        if (at < s.length()) {
            out.add(s.substring(at));
        }
        return out;
    }
}
