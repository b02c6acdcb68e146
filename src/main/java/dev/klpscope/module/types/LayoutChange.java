package dev.klpscope.module.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

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

    /**
     * The constants of one enum the type is or a member's type is, compared by name: values changed, constants added
     * and removed. The patch's code stores and compares the numbers it was compiled with: {@code FOO_B} stored as 1
     * after a constant was inserted before it is another state, and no layout changed.
     *
     * @param enumValues the candidate's enum ({@link TypeLayout.EnumValues#label} names it)
     * @param constants  in the candidate's order, then those removed in the reference's order
     */
    record EnumChanged(TypeLayout.EnumValues enumValues, List<ConstantChange> constants) implements LayoutChange {

        /** Constants named one by one before the rest are counted. */
        public static final int LISTED = 3;

        public EnumChanged {
            constants = List.copyOf(constants);
        }

        /** {@code enum `foo_state`: `FOO_B` 1 → 2, new constant `FOO_NEW` = 1, and 4 more constants changed}. */
        public String describe() {
            return describe(CODE, UnaryOperator.identity());
        }

        /** As {@link #describe()}, names written by {@code code}, the words around them by {@code words}. */
        public String describe(UnaryOperator<String> code, UnaryOperator<String> words) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < Math.min(LISTED, constants.size()); i++) {
                parts.add(constants.get(i).describe(code, words));
            }
            if (constants.size() > LISTED) {
                int more = constants.size() - LISTED;
                parts.add(words.apply("and " + more + (more == 1 ? " more constant changed" : " more constants changed")));
            }
            return enumValues.label(code, words) + words.apply(": ") + String.join(words.apply(", "), parts);
        }
    }

    /** Backticks around a name, as the findings write it. */
    UnaryOperator<String> CODE = n -> "`" + n + "`";

    /** One constant: {@code from} empty where it is new, {@code to} empty where it was removed. */
    record ConstantChange(String name, Optional<String> from, Optional<String> to) {

        public String describe(UnaryOperator<String> code, UnaryOperator<String> words) {
            if (from.isEmpty()) {
                return words.apply("new constant ") + code.apply(name) + words.apply(" = " + to.orElse(""));
            }
            if (to.isEmpty()) {
                return words.apply("constant ") + code.apply(name) + words.apply(" (= " + from.get() + ") removed");
            }
            return code.apply(name) + words.apply(" " + from.get() + " → " + to.get());
        }
    }

    /** Same place, another type, size or bitfield width. */
    record Retyped(TypeLayout.Member from, TypeLayout.Member to) implements LayoutChange {
        public String describe() {
            List<String> parts = new ArrayList<>();
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
