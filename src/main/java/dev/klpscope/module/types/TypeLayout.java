package dev.klpscope.module.types;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A type's layout member by member, as a variable of it occupies memory: nested anonymous structs and unions are
 * flattened into their parent (their members are reached as the parent's in C), named nested ones listed and then
 * expanded with dotted paths to a bounded depth.
 *
 * @param type    the type's C name ({@code struct foo})
 * @param size    its size in bytes
 * @param members in order of offset as declared; empty for a scalar or an opaque (forward-declared) type
 * @param truncated members past {@link Layouts#MAX_MEMBERS} were left out
 */
public record TypeLayout(String type, long size, List<Member> members, boolean truncated, List<EnumValues> enums) {

    public TypeLayout {
        members = List.copyOf(members);
        enums = List.copyOf(enums);
    }

    public TypeLayout(String type, long size, List<Member> members, boolean truncated) {
        this(type, size, members, truncated, List.of());
    }

    /**
     * The constants of an enum that the type is, or that a member's type is (through typedefs, qualifiers and array
     * dimensions): the code stores and compares them as the numbers it was compiled with.
     *
     * @param type      its C name, {@code enum foo_state}; an anonymous enum's typedef ({@code foo_t}), else
     *                  {@code enum {...}}
     * @param member    the path of the first member of that type; empty for the variable itself
     * @param constants in declaration order
     * @param truncated constants past {@link Layouts#MAX_MEMBERS} were left out
     */
    public record EnumValues(String type, String member, List<Constant> constants, boolean truncated) {

        public EnumValues {
            constants = List.copyOf(constants);
        }

        /** What the same enum is found by in another build: its name, or the member's path for an anonymous one. */
        public String key() {
            return anonymous() ? "`" + member + "`" : type;
        }

        public boolean anonymous() {
            return type.contains("{...}");
        }

        /**
         * {@code enum `foo_state`}, {@code enum `foo_t`} (a typedef's), {@code enum of `state`} (an anonymous one),
         * names written by {@code code}, the words around them by {@code words}.
         */
        public String label(UnaryOperator<String> code, UnaryOperator<String> words) {
            if (anonymous()) {
                return member.isEmpty() ? words.apply("the variable's enum") : words.apply("enum of ") + code.apply(member);
            }
            return words.apply("enum ") + code.apply(type.startsWith("enum ") ? type.substring(5) : type);
        }
    }

    /** An enumerator: its name and value as C writes it ({@code -1}, {@code 4294967295}). */
    public record Constant(String name, String value) {
    }

    /**
     * @param path         {@code a}, {@code inner.b} (anonymous levels leave no trace in it, as in C)
     * @param bitOffset    from the start of the variable
     * @param bitfieldSize bits of a bitfield, else 0
     * @param size         bytes of the member's type
     * @param type         the member's C type name
     */
    public record Member(String path, long bitOffset, int bitfieldSize, long size, String type) {

        /** {@code 0x18}, or {@code 0x18+3} (bits) for a member that does not start on a byte. */
        public String offset() {
            long bytes = bitOffset / 8;
            long bits = bitOffset % 8;
            return String.format("0x%x", bytes) + (bits == 0 ? "" : "+" + bits + " bits");
        }
    }
}
