package dev.klpscope.module.types;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link TypeLayout} from BTF. Anonymous nested structs and unions are flattened at any depth (up to
 * {@link #MAX_DEPTH}); named nested ones are listed and expanded to {@link #NAMED_DEPTH} levels, so a member moved
 * inside an embedded struct shows as {@code inner.b}. Arrays, pointers and enums are members with a type name and
 * size. A struct nested in itself (only malformed BTF or DWARF has one) is malformed input at that struct.
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
        int under = TypeNames.resolveId(btf, id);
        if (btf.type(under) instanceof BtfType.Composite c) {
            truncated = !flatten(btf, under, c, "", 0, 0, 0, out, new ArrayList<>());
        }
        return new TypeLayout(TypeNames.name(btf, id), TypeNames.size(btf, id), out, truncated);
    }

    /** Returns false where {@link #MAX_MEMBERS} cut the list short. */
    /**
     * {@code enclosing}: the ids of the structs and unions {@code c} (id {@code id}) is nested in, itself last: a member
     * of one of their types would make the type contain itself, which no C type can (malformed input).
     */
    private static boolean flatten(TypeGraph btf, int id, BtfType.Composite c, String prefix, long baseBits, int depth,
                                   int named, List<TypeLayout.Member> out, List<Integer> enclosing) {
        if (depth > MAX_DEPTH) {
            return true;
        }
        enclosing.add(id);
        for (BtfType.Member m : c.members()) {
            if (out.size() >= MAX_MEMBERS) {
                return false;
            }
            long bits = baseBits + m.bitOffset();
            int innerId = TypeNames.resolveId(btf, TypeNames.target(btf, id, m.type()));
            BtfType inner = btf.type(innerId);
            if (inner instanceof BtfType.Composite && enclosing.contains(innerId)) {
                throw btf.malformed(id, "has member `" + (m.name().isEmpty() ? "(anonymous)" : m.name()) + "` of type "
                        + TypeNames.name(btf, m.type()) + (innerId == id ? ", itself" : ", which encloses it")
                        + ": a type that contains itself");
            }
            if (m.name().isEmpty() && inner instanceof BtfType.Composite anon) {
                if (!flatten(btf, innerId, anon, prefix, bits, depth + 1, named, out, enclosing)) {
                    return false;
                }
                continue;
            }
            out.add(new TypeLayout.Member(prefix + m.name(), bits, m.bitfieldSize(), TypeNames.size(btf, m.type()),
                    TypeNames.name(btf, m.type())));
            if (inner instanceof BtfType.Composite nested && named < NAMED_DEPTH
                    && !flatten(btf, innerId, nested, prefix + m.name() + ".", bits, depth + 1, named + 1, out, enclosing)) {
                return false;
            }
        }
        enclosing.remove(enclosing.size() - 1);
        return true;
    }
}
