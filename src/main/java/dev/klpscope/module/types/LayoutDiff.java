package dev.klpscope.module.types;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What changed between two layouts of a type, member by member, matched by path: members added, removed, moved
 * (another offset) or retyped (another type, size or bitfield width at the same offset), the size and name of
 * the type itself, and the constants of its enums (values changed, constants added or removed). The patch's code was compiled against the first layout; any of these changes means it reads or
 * writes some bytes of the second as something they no longer are.
 */
public final class LayoutDiff {

    /** Moved members listed one by one before they are summed up. */
    static final int MOVED_LISTED = 3;

    private LayoutDiff() {
    }

    public static List<LayoutChange> compare(TypeLayout from, TypeLayout to) {
        List<LayoutChange> out = new ArrayList<>();
        if (!from.type().equals(to.type())) {
            out.add(new LayoutChange.TypeRenamed(from.type(), to.type()));
        }
        if (from.size() != to.size()) {
            out.add(new LayoutChange.SizeChanged(from.size(), to.size()));
        }
        Map<String, TypeLayout.Member> before = byPath(from);
        Map<String, TypeLayout.Member> after = byPath(to);
        for (TypeLayout.Member m : to.members()) {
            TypeLayout.Member old = before.get(m.path());
            if (old == null) {
                out.add(new LayoutChange.Added(m));
            } else if (old.bitOffset() != m.bitOffset()) {
                out.add(new LayoutChange.Moved(old, m));
            }
            if (old != null && (!old.type().equals(m.type()) || old.size() != m.size() || old.bitfieldSize() != m.bitfieldSize())) {
                out.add(new LayoutChange.Retyped(old, m));
            }
        }
        for (TypeLayout.Member m : from.members()) {
            if (!after.containsKey(m.path())) {
                out.add(new LayoutChange.Removed(m));
            }
        }
        enums(from, to, out);
        return out;
    }

    /**
     * Each enum of both layouts (matched by {@link TypeLayout.EnumValues#key}) whose constants differ by name or value.
     * An enum on one side only comes with a member added, removed or retyped, which says it already.
     */
    private static void enums(TypeLayout from, TypeLayout to, List<LayoutChange> out) {
        Map<String, TypeLayout.EnumValues> before = new LinkedHashMap<>();
        from.enums().forEach(e -> before.putIfAbsent(e.key(), e));
        for (TypeLayout.EnumValues e : to.enums()) {
            TypeLayout.EnumValues old = before.get(e.key());
            if (old == null) {
                continue;
            }
            Map<String, String> was = values(old);
            Map<String, String> is = values(e);
            List<LayoutChange.ConstantChange> changes = new ArrayList<>();
            is.forEach((name, value) -> {
                String prior = was.get(name);
                if (!value.equals(prior)) {
                    changes.add(new LayoutChange.ConstantChange(name, Optional.ofNullable(prior), Optional.of(value)));
                }
            });
            was.forEach((name, value) -> {
                if (!is.containsKey(name)) {
                    changes.add(new LayoutChange.ConstantChange(name, Optional.of(value), Optional.empty()));
                }
            });
            if (!changes.isEmpty()) {
                out.add(new LayoutChange.EnumChanged(e, changes));
            }
        }
    }

    private static Map<String, String> values(TypeLayout.EnumValues e) {
        Map<String, String> m = new LinkedHashMap<>();
        e.constants().forEach(c -> m.putIfAbsent(c.name(), c.value()));
        return m;
    }

    private static Map<String, TypeLayout.Member> byPath(TypeLayout layout) {
        Map<String, TypeLayout.Member> m = new LinkedHashMap<>();
        for (TypeLayout.Member member : layout.members()) {
            m.putIfAbsent(member.path(), member);
        }
        return m;
    }

    /**
     * The changes in one line for a finding: additions, removals and retypes each, then moved members (the first
     * {@link #MOVED_LISTED} named, the rest counted: "and 6 more members moved"). Where one member was added or removed
     * (with what it held), it says how many of the moved members it shifted: those after it that moved away from it
     * ("new member `x` at 0x10 (int) shifts 6 members"), so the moves read as its consequence.
     */
    public static String summary(List<LayoutChange> changes) {
        List<String> parts = new ArrayList<>();
        List<LayoutChange.Moved> moved = new ArrayList<>();
        for (LayoutChange c : changes) {
            if (c instanceof LayoutChange.Moved m) {
                moved.add(m);
            }
        }
        LayoutChange cause = soleInsertionOrRemoval(changes);
        for (LayoutChange c : changes) {
            if (c instanceof LayoutChange.Moved) {
                continue;
            }
            long shifted = c != cause ? 0 : moved.stream().filter(m -> shifts(c, m)).count();
            String members = shifted + (shifted == 1 ? " member" : " members");
            parts.add(shifted == 0 ? c.describe()
                    : c instanceof LayoutChange.Added ? c.describe() + " shifts " + members
                    : c.describe() + ", shifting " + members);
        }
        for (int i = 0; i < Math.min(MOVED_LISTED, moved.size()); i++) {
            parts.add(moved.get(i).describe());
        }
        if (moved.size() > MOVED_LISTED) {
            parts.add("and " + (moved.size() - MOVED_LISTED) + " more members moved");
        }
        return String.join("; ", parts);
    }

    /** The one member added or removed, counting what it holds ({@code n.a} of {@code n}) as itself; else null. */
    private static LayoutChange soleInsertionOrRemoval(List<LayoutChange> changes) {
        List<LayoutChange> found = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (LayoutChange c : changes) {
            TypeLayout.Member m = c instanceof LayoutChange.Added a ? a.member()
                    : c instanceof LayoutChange.Removed r ? r.member() : null;
            if (m != null && paths.stream().noneMatch(p -> m.path().startsWith(p + "."))) {
                found.add(c);
                paths.add(m.path());
            }
        }
        return found.size() == 1 ? found.get(0) : null;
    }

    /** A member after an inserted one that moved later, or after a removed one that moved earlier. */
    private static boolean shifts(LayoutChange cause, LayoutChange.Moved m) {
        if (cause instanceof LayoutChange.Added a) {
            return m.to().bitOffset() > m.from().bitOffset() && m.from().bitOffset() >= a.member().bitOffset();
        }
        LayoutChange.Removed r = (LayoutChange.Removed) cause;
        return m.to().bitOffset() < m.from().bitOffset() && m.from().bitOffset() > r.member().bitOffset();
    }
}
