package dev.klpscope.module.types;

import java.util.List;

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
public record TypeLayout(String type, long size, List<Member> members, boolean truncated) {

    public TypeLayout {
        members = List.copyOf(members);
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
