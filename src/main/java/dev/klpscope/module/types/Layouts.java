package dev.klpscope.module.types;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link TypeLayout} from BTF. Anonymous nested structs and unions are flattened at any depth (up to
 * {@link #MAX_DEPTH}); named nested ones are listed and expanded to {@link #NAMED_DEPTH} levels, so a member moved
 * inside an embedded struct shows as {@code inner.b}. Arrays, pointers and enums are members with a type name and
 * size. A malformed BTF that nests a struct in itself stops at the depth bound.
 */
public final class Layouts {

    static final int MAX_DEPTH = 16;
    static final int NAMED_DEPTH = 2;
    /** Bounds the output for giant structs (vmlinux's largest have a few hundred members when flattened). */
    static final int MAX_MEMBERS = 4096;

    private Layouts() {
    }

    public static TypeLayout of(TypeGraph btf, int id) {
        List<TypeLayout.Member> out = new ArrayList<>();
        boolean truncated = false;
        if (TypeNames.resolve(btf, id) instanceof BtfType.Composite c) {
            truncated = !flatten(btf, c, "", 0, 0, 0, out);
        }
        return new TypeLayout(TypeNames.name(btf, id), TypeNames.size(btf, id), out, truncated);
    }

    /** Returns false where {@link #MAX_MEMBERS} cut the list short. */
    private static boolean flatten(TypeGraph btf, BtfType.Composite c, String prefix, long baseBits, int depth, int named,
                                   List<TypeLayout.Member> out) {
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
                if (!flatten(btf, anon, prefix, bits, depth + 1, named, out)) {
                    return false;
                }
                continue;
            }
            out.add(new TypeLayout.Member(prefix + m.name(), bits, m.bitfieldSize(), TypeNames.size(btf, m.type()),
                    TypeNames.name(btf, m.type())));
            if (inner instanceof BtfType.Composite nested && named < NAMED_DEPTH
                    && !flatten(btf, nested, prefix + m.name() + ".", bits, depth + 1, named + 1, out)) {
                return false;
            }
        }
        return true;
    }
}
