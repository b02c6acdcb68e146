package dev.klpscope.report;

import dev.klpscope.check.Finding;
import dev.klpscope.check.TypeComparison;
import dev.klpscope.module.types.LayoutChange;
import dev.klpscope.module.types.TypeLayout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A {@code var-layout} finding's changes in one bounded line for review tools (the Markdown report and the review
 * image): one item per member, everything that changed about it together, {@code `hits`: offset 0x0 → 0x8;
 * `misses`: offset 0x8 → 0x0}; past {@value #MAX_CHARS} characters the rest is counted ({@code and 12 more}), never
 * cut mid-item. The finding's own message names every change but the moves past the third, however many; under the
 * diff the reports show the message with the count of its changes instead ({@link #message}), so nothing is said twice;
 * the window's cards do where the list is long, the type panel under them naming each change.
 */
public final class MemberDiff {

    /** About two lines of a review comment or of the image. */
    public static final int MAX_CHARS = 240;

    /** How a front end writes a member's path and the plain words around it (Markdown escapes both its own way). */
    public record Format(UnaryOperator<String> member, UnaryOperator<String> words) {

        /** Backticks around the path, words as they are: the review image. */
        public static final Format PLAIN = new Format(p -> "`" + p + "`", w -> w);
    }

    private MemberDiff() {
    }

    /** The diff to show under {@code f}: a {@code var-layout} finding's that carries both layouts; empty for any other. */
    public static Optional<String> under(Finding f, Format format) {
        return layouts(f).map(l -> compact(l, format));
    }

    /**
     * {@code f}'s message as a review tool shows it above {@link #under}: a {@code var-layout} finding's with its list
     * of changes (every one but the moves past the third, unbounded) replaced by their count, the diff under it
     * telling them member by member within its bound; any other finding's as it is.
     */
    public static String message(Finding f) {
        return message(f, 0);
    }

    /** As {@link #message(Finding)}, the list of changes kept where it is at most {@code keep} characters long. */
    public static String message(Finding f, int keep) {
        if (f instanceof Finding.VariableLayoutChanged v && v.layouts().isPresent() && v.changes().length() > keep
                && v.message().endsWith(": " + v.changes())) {
            String head = v.message().substring(0, v.message().length() - v.changes().length());
            return head + v.count() + (v.count() == 1 ? " change" : " changes");
        }
        return f.message();
    }

    private static Optional<TypeComparison.LayoutPair> layouts(Finding f) {
        return f.typeComparison().filter(TypeComparison.LayoutPair.class::isInstance).map(TypeComparison.LayoutPair.class::cast);
    }

    public static String compact(TypeComparison.LayoutPair pair, Format format) {
        return compact(pair, format, MAX_CHARS);
    }

    /** At most {@code max} characters (one item always, however long). */
    static String compact(TypeComparison.LayoutPair pair, Format format, int max) {
        List<String> items = items(pair, format);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            String next = (i == 0 ? "" : "; ") + items.get(i);
            int left = items.size() - i - 1;
            String rest = left == 0 ? "" : "; " + format.words().apply("and " + left + " more");
            if (i > 0 && out.length() + next.length() + rest.length() > max) {
                return out.append("; ").append(format.words().apply("and " + (items.size() - i) + " more")).toString();
            }
            out.append(next);
        }
        return out.toString();
    }

    /** The type's own changes first, then one item per member in the order of the changes, then one per enum whose constants changed. */
    private static List<String> items(TypeComparison.LayoutPair pair, Format format) {
        List<String> items = new ArrayList<>();
        Map<String, List<String>> byMember = new LinkedHashMap<>();
        List<String> enums = new ArrayList<>();
        for (LayoutChange c : pair.changes()) {
            if (c instanceof LayoutChange.TypeRenamed r) {
                items.add(format.words().apply("type " + r.from() + " → " + r.to()));
            } else if (c instanceof LayoutChange.SizeChanged s) {
                items.add(format.words().apply("size " + s.from() + " → " + s.to() + " bytes"));
            } else if (c instanceof LayoutChange.Added a) {
                byMember.computeIfAbsent(a.member().path(), k -> new ArrayList<>())
                        .add("new at " + a.member().offset() + " (" + a.member().type() + ")");
            } else if (c instanceof LayoutChange.Removed r) {
                byMember.computeIfAbsent(r.member().path(), k -> new ArrayList<>())
                        .add("removed (" + r.member().type() + " at " + r.member().offset() + ")");
            } else if (c instanceof LayoutChange.Moved m) {
                byMember.computeIfAbsent(m.to().path(), k -> new ArrayList<>())
                        .add("offset " + m.from().offset() + " → " + m.to().offset());
            } else if (c instanceof LayoutChange.Retyped r) {
                byMember.computeIfAbsent(r.to().path(), k -> new ArrayList<>()).addAll(retyped(r.from(), r.to()));
            } else if (c instanceof LayoutChange.EnumChanged e) {
                enums.add(e.describe(format.member(), format.words()));
            }
        }
        byMember.forEach((path, what) -> items.add(format.member().apply(path) + format.words().apply(": " + String.join(", ", what))));
        items.addAll(enums);
        return items;
    }

    private static List<String> retyped(TypeLayout.Member from, TypeLayout.Member to) {
        List<String> parts = new ArrayList<>();
        if (!from.type().equals(to.type())) {
            parts.add(from.type() + " → " + to.type());
        }
        if (from.size() != to.size()) {
            parts.add("size " + from.size() + " → " + to.size());
        }
        if (from.bitfieldSize() != to.bitfieldSize()) {
            parts.add("bitfield " + from.bitfieldSize() + " → " + to.bitfieldSize() + " bits");
        }
        return parts;
    }
}
