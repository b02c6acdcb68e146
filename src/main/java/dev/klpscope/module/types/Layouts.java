package dev.klpscope.module.types;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link TypeLayout} from BTF. Anonymous nested structs and unions are flattened at any depth (up to
 * {@link #MAX_DEPTH}); named nested ones are listed and expanded to {@link #NAMED_DEPTH} levels, so a member moved
 * inside an embedded struct shows as {@code inner.b}. Arrays, pointers and enums are members with a type name and
 * size; an enum the type is, or a member's type is (also as a typedef or an array of it), keeps its constants and
 * their values ({@link TypeLayout.EnumValues}). A malformed BTF that nests a struct in itself stops at the depth bound.
 */
public final class Layouts {

    static final int MAX_DEPTH = 16;
    static final int NAMED_DEPTH = 2;
    /** Bounds the output for giant structs (vmlinux's largest have a few hundred members when flattened). */
    static final int MAX_MEMBERS = 4096;
    /** Enums kept per layout (vmlinux's largest structs reach a few dozen). */
    static final int MAX_ENUMS = 256;

    private Layouts() {
    }

    public static TypeLayout of(TypeGraph btf, int id) {
        List<TypeLayout.Member> out = new ArrayList<>();
        Map<String, TypeLayout.EnumValues> enums = new LinkedHashMap<>();
        enumOf(btf, id, "", enums);
        boolean truncated = false;
        if (TypeNames.resolve(btf, id) instanceof BtfType.Composite c) {
            truncated = !flatten(btf, c, "", 0, 0, 0, out, enums);
        }
        return new TypeLayout(TypeNames.name(btf, id), TypeNames.size(btf, id), out, truncated, List.copyOf(enums.values()));
    }

    /**
     * Adds the enum under {@code id} (through typedefs, qualifiers and arrays, bounded: they may cycle), once per
     * {@link TypeLayout.EnumValues#key}; an anonymous enum is named by the nearest typedef over it.
     */
    private static void enumOf(TypeGraph btf, int id, String member, Map<String, TypeLayout.EnumValues> enums) {
        String typedef = null;
        BtfType t = btf.type(id);
        for (int steps = 0; steps <= TypeNames.MAX_STEPS; steps++) {
            if (t instanceof BtfType.Reference r) {
                if (typedef == null && r.kind() == BtfType.RefKind.TYPEDEF) {
                    typedef = r.name();
                }
                t = btf.type(r.target());
            } else if (t instanceof BtfType.Array a) {
                t = btf.type(a.element());
            } else {
                break;
            }
        }
        if (!(t instanceof BtfType.Enum e)) {
            return;
        }
        String type = !e.name().isEmpty() ? "enum " + e.name() : typedef != null ? typedef : "enum {...}";
        List<TypeLayout.Constant> constants = new ArrayList<>();
        for (BtfType.Enumerator v : e.values()) {
            if (constants.size() >= MAX_MEMBERS) {
                break;
            }
            constants.add(new TypeLayout.Constant(v.name(), e.text(v)));
        }
        TypeLayout.EnumValues values = new TypeLayout.EnumValues(type, member, constants, constants.size() < e.values().size());
        enums.putIfAbsent(values.key(), values);
    }

    /** Returns false where {@link #MAX_MEMBERS} cut the list short. */
    private static boolean flatten(TypeGraph btf, BtfType.Composite c, String prefix, long baseBits, int depth, int named,
                                   List<TypeLayout.Member> out, Map<String, TypeLayout.EnumValues> enums) {
        if (depth > MAX_DEPTH) {
            return true;
        }
        for (BtfType.Member m : c.members()) {
            if (out.size() >= MAX_MEMBERS) {
                return false;
            }
            long bits = baseBits + m.bitOffset();
            BtfType inner = TypeNames.resolve(btf, m.type());
            if (m.name().isEmpty() && inner instanceof BtfType.Composite anon) {
                if (!flatten(btf, anon, prefix, bits, depth + 1, named, out, enums)) {
                    return false;
                }
                continue;
            }
            out.add(new TypeLayout.Member(prefix + m.name(), bits, m.bitfieldSize(), TypeNames.size(btf, m.type()),
                    TypeNames.name(btf, m.type())));
            if (enums.size() < MAX_ENUMS) {
                enumOf(btf, m.type(), prefix + m.name(), enums);
            }
            if (inner instanceof BtfType.Composite nested && named < NAMED_DEPTH
                    && !flatten(btf, nested, prefix + m.name() + ".", bits, depth + 1, named + 1, out, enums)) {
                return false;
            }
        }
        return true;
    }
}
