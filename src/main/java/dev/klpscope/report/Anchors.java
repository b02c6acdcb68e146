package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Target;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Stable anchor ids, derived from names rather than from positions, so that a link to
 * {@code #t-foo-b-0} still points at the same target when another candidate is added to the run.
 */
final class Anchors {

    private final Map<Object, String> ids = new IdentityHashMap<>();

    private Anchors() {
    }

    static Anchors of(Inspection inspection) {
        Anchors a = new Anchors();
        Set<String> used = new HashSet<>();
        for (CandidateInfo c : inspection.candidates()) {
            a.ids.put(c, unique("c-" + slug(c.path()), used));
        }
        for (Target t : inspection.targets()) {
            a.ids.put(t, unique("t-" + slug(t.object() + "-" + t.symbol() + "-" + Long.toUnsignedString(t.sympos())), used));
        }
        return a;
    }

    String candidate(CandidateInfo c) {
        return ids.get(c);
    }

    String target(Target t) {
        return ids.get(t);
    }

    /** The anchor of one finding of one candidate's verdict on a target ({@code index}: position in the verdict). */
    String finding(Target t, String candidatePath, int index) {
        return target(t) + "--" + slug(candidatePath) + "--" + (index + 1);
    }

    /** The anchor of a finding about a candidate as a whole, or about the patch ({@code c == null}). */
    String finding(CandidateInfo c, int index) {
        return (c == null ? "patch" : candidate(c)) + "--" + (index + 1);
    }

    static String slug(String s) {
        String out = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "-").replaceAll("^-+|-+$", "");
        return out.isEmpty() ? "x" : out;
    }

    private static String unique(String id, Set<String> used) {
        String candidate = id;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = id + "-" + n;
        }
        return candidate;
    }
}
