package dev.klpscope.module.types;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two layouts of a type, member by member, matched by path: members added, removed, moved
 * (another offset) or retyped (another type, size or bitfield width at the same offset), and the size and name of
 * the type itself. The patch's code was compiled against the first layout; any of these changes means it reads or
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
        return out;
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
     * {@link #MOVED_LISTED} named, the rest counted: "and 6 more members moved").
     */
    public static String summary(List<LayoutChange> changes) {
        List<String> parts = new ArrayList<>();
        List<LayoutChange.Moved> moved = new ArrayList<>();
        for (LayoutChange c : changes) {
            if (c instanceof LayoutChange.Moved m) {
                moved.add(m);
            } else {
                parts.add(c.describe());
            }
        }
        for (int i = 0; i < Math.min(MOVED_LISTED, moved.size()); i++) {
            parts.add(moved.get(i).describe());
        }
        if (moved.size() > MOVED_LISTED) {
            parts.add("and " + (moved.size() - MOVED_LISTED) + " more members moved");
        }
        return String.join("; ", parts);
    }
}
