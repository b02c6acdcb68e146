package dev.klpscope.module.types;

/** One difference between two layouts of a variable's type ({@link LayoutDiff}), from the baseline to a candidate. */
public sealed interface LayoutChange {

    /** One line, e.g. {@code `flags`: offset 0x18 → 0x20}. */
    String describe();

    record TypeRenamed(String from, String to) implements LayoutChange {
        public String describe() { return "type " + from + " → " + to; }
    }

    record SizeChanged(long from, long to) implements LayoutChange {
        public String describe() { return "size " + from + " → " + to + " bytes"; }
    }

    record Added(TypeLayout.Member member) implements LayoutChange {
        public String describe() {
            return "new member `" + member.path() + "` at " + member.offset() + " (" + member.type() + ")";
        }
    }

    record Removed(TypeLayout.Member member) implements LayoutChange {
        public String describe() {
            return "member `" + member.path() + "` (" + member.type() + " at " + member.offset() + ") removed";
        }
    }

    record Moved(TypeLayout.Member from, TypeLayout.Member to) implements LayoutChange {
        public String describe() { return "`" + to.path() + "`: offset " + from.offset() + " → " + to.offset(); }
    }

    /** Same place, another type, size or bitfield width. */
    record Retyped(TypeLayout.Member from, TypeLayout.Member to) implements LayoutChange {
        public String describe() {
            java.util.List<String> parts = new java.util.ArrayList<>();
            if (!from.type().equals(to.type())) {
                parts.add("type " + from.type() + " → " + to.type());
            }
            if (from.size() != to.size()) {
                parts.add("size " + from.size() + " → " + to.size() + " bytes");
            }
            if (from.bitfieldSize() != to.bitfieldSize()) {
                parts.add("bitfield " + from.bitfieldSize() + " → " + to.bitfieldSize() + " bits");
            }
            return "`" + to.path() + "`: " + String.join(", ", parts);
        }
    }
}
