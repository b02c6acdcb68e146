package dev.klpscope.module.types;

import java.util.List;

/**
 * One decoded BTF type record ({@code struct btf_type} and what follows it, include/uapi/linux/btf.h). Type ids
 * refer to other types of the same BTF or its base; {@code 0} is {@code void}. Only what layouts and type names
 * need is kept; the rest of each record is checked and skipped.
 */
public sealed interface BtfType {

    /** The type's own name, empty when anonymous or when the kind has none. */
    String name();

    /** {@code BTF_KIND_INT}: {@code bits} wide at {@code bitOffset} inside {@code size} bytes. */
    record Int(String name, long size, int bits, int bitOffset, boolean signed) implements BtfType {
    }

    /** {@code BTF_KIND_FLOAT}. */
    record Float(String name, long size) implements BtfType {
    }

    /** {@code BTF_KIND_PTR}. */
    record Pointer(int target) implements BtfType {
        public String name() { return ""; }
    }

    /** {@code BTF_KIND_ARRAY}: {@code count} elements of {@code element}. */
    record Array(int element, int index, long count) implements BtfType {
        public String name() { return ""; }
    }

    /** {@code BTF_KIND_STRUCT} or {@code BTF_KIND_UNION}. */
    record Composite(String name, boolean union, long size, List<Member> members) implements BtfType {
        public Composite {
            members = List.copyOf(members);
        }
        public String keyword() { return union ? "union" : "struct"; }
    }

    /**
     * A member ({@code struct btf_member}): {@code bitOffset} from the start of its struct; {@code bitfieldSize} is
     * non-zero for a bitfield (kind_flag set on its struct).
     */
    record Member(String name, int type, long bitOffset, int bitfieldSize) {
    }

    /**
     * {@code BTF_KIND_ENUM} ({@code struct btf_enum}: 32-bit values) and {@code BTF_KIND_ENUM64} ({@code struct
     * btf_enum64}: low and high halves), signed where the record's kind_flag is set (include/uapi/linux/btf.h; libbpf
     * sets it when a value is negative). From DWARF, signed where the enum's underlying type is.
     *
     * @param values the enumerators in declaration order
     */
    record Enum(String name, long size, List<Enumerator> values, boolean wide, boolean signed) implements BtfType {
        public Enum {
            values = List.copyOf(values);
        }

        /** {@code v}'s value as C writes it: {@code -1}, or {@code 4294967295} where the enum is unsigned. */
        public String text(Enumerator v) {
            return signed ? Long.toString(v.value()) : Long.toUnsignedString(v.value());
        }
    }

    /** One enumerator: {@code value} holds a 32-bit value sign- or zero-extended as its enum is signed or not. */
    record Enumerator(String name, long value) {
    }

    /** {@code BTF_KIND_FWD}: a declared, never defined struct or union. */
    record Forward(String name, boolean union) implements BtfType {
    }

    /** Typedef, volatile, const, restrict and type tag: a name or qualifier over {@code target}. */
    record Reference(RefKind kind, String name, int target) implements BtfType {
    }

    enum RefKind { TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG }

    /** {@code BTF_KIND_FUNC}: a function, its prototype {@code proto}. */
    record Function(String name, int proto, int linkage) implements BtfType {
    }

    /** {@code BTF_KIND_FUNC_PROTO}. */
    record Prototype(int returnType, List<Parameter> parameters) implements BtfType {
        public Prototype {
            parameters = List.copyOf(parameters);
        }
        public String name() { return ""; }
    }

    record Parameter(String name, int type) {
    }

    /** {@code BTF_KIND_VAR}: a variable and its type. */
    record Variable(String name, int type, long linkage) implements BtfType {
    }

    /** {@code BTF_KIND_DATASEC}: a section and the variables in it. */
    record DataSection(String name, long size, List<Integer> variables) implements BtfType {
        public DataSection {
            variables = List.copyOf(variables);
        }
    }

    /** {@code BTF_KIND_DECL_TAG}: an attribute string on {@code target} (a member or parameter when {@code component >= 0}). */
    record DeclTag(String name, int target, int component) implements BtfType {
    }

    /** A kind newer than this reader, skipped through the BTF's own layout section (7.x {@code struct btf_layout}). */
    record Unknown(int kind) implements BtfType {
        public String name() { return ""; }
    }
}
