package dev.klpscope.module.types;

/**
 * C-like names of BTF types ({@code struct foo *}, {@code const char[16]}, {@code u32}) and their sizes, each
 * following at most {@link #MAX_STEPS} references: BTF from a file may chain typedefs and qualifiers in a cycle,
 * which a name or size must not follow forever. Pointers are named, never followed, so a struct pointing to
 * itself ({@code struct list_head *next}) is just a name.
 */
public final class TypeNames {

    static final int MAX_STEPS = 32;

    private TypeNames() {
    }

    public static String name(TypeGraph btf, int id) {
        return name(btf, id, 0);
    }

    /**
     * The name with every typedef replaced by what it names ({@code const u8 *} is {@code const unsigned char *}):
     * two builds that spell one type differently give the same canonical name.
     */
    public static String canonical(TypeGraph btf, int id) {
        return name(btf, id, 0, true);
    }

    private static String name(TypeGraph btf, int id, int depth) {
        return name(btf, id, depth, false);
    }

    private static String name(TypeGraph btf, int id, int depth, boolean canonical) {
        if (depth > MAX_STEPS) {
            return "<reference cycle>";
        }
        BtfType t = btf.type(id);
        if (t == null) {
            return "void";
        }
        if (canonical && t instanceof BtfType.Reference r && r.kind() == BtfType.RefKind.TYPEDEF) {
            return name(btf, r.target(), depth + 1, true);
        }
        if (t instanceof BtfType.Pointer p) {
            return pointerTo(name(btf, p.target(), depth + 1, canonical));
        }
        if (t instanceof BtfType.Array a) {
            return name(btf, a.element(), depth + 1, canonical) + "[" + a.count() + "]";
        }
        if (t instanceof BtfType.Composite c) {
            return c.keyword() + " " + (c.name().isEmpty() ? "{...}" : c.name());
        }
        if (t instanceof BtfType.Enum e) {
            return "enum " + (e.name().isEmpty() ? "{...}" : e.name());
        }
        if (t instanceof BtfType.Forward f) {
            return (f.union() ? "union " : "struct ") + f.name();
        }
        if (t instanceof BtfType.Reference r) {
            switch (r.kind()) {
                case TYPEDEF:
                    return r.name();
                case CONST:
                    return qualified("const ", name(btf, r.target(), depth + 1, canonical));
                case VOLATILE:
                    return qualified("volatile ", name(btf, r.target(), depth + 1, canonical));
                case RESTRICT:
                    return name(btf, r.target(), depth + 1, canonical) + " restrict";
                default:
                    return name(btf, r.target(), depth + 1, canonical);
            }
        }
        if (t instanceof BtfType.Prototype) {
            return "function";
        }
        if (t instanceof BtfType.Unknown u) {
            return "<kind " + u.kind() + ">";
        }
        return t.name();
    }

    /** A qualifier once: BTF puts {@code const} on an array type whose element type is const already. */
    private static String qualified(String qualifier, String target) {
        return target.startsWith(qualifier) ? target : qualifier + target;
    }

    private static String pointerTo(String target) {
        return target.endsWith("*") ? target + "*" : target + " *";
    }

    /** The type under typedefs and qualifiers (null for void, or where they cycle). */
    public static BtfType resolve(TypeGraph btf, int id) {
        BtfType t = btf.type(id);
        for (int steps = 0; t instanceof BtfType.Reference r; steps++) {
            if (steps > MAX_STEPS) {
                return null;
            }
            t = btf.type(r.target());
        }
        return t;
    }

    /** The id under typedefs and qualifiers. */
    public static int resolveId(TypeGraph btf, int id) {
        int at = id;
        for (int steps = 0; btf.type(at) instanceof BtfType.Reference r && steps <= MAX_STEPS; steps++) {
            at = r.target();
        }
        return at;
    }

    /** Size in bytes; 0 for void, functions and where it cannot be told. Saturates instead of overflowing. */
    public static long size(TypeGraph btf, int id) {
        return size(btf, id, 0);
    }

    private static long size(TypeGraph btf, int id, int depth) {
        if (depth > MAX_STEPS) {
            return 0;
        }
        BtfType t = btf.type(id);
        if (t instanceof BtfType.Int i) {
            return i.size();
        }
        if (t instanceof BtfType.Float f) {
            return f.size();
        }
        if (t instanceof BtfType.Composite c) {
            return c.size();
        }
        if (t instanceof BtfType.Enum e) {
            return e.size();
        }
        if (t instanceof BtfType.Pointer) {
            return btf.pointerSize();
        }
        if (t instanceof BtfType.Reference r) {
            return size(btf, r.target(), depth + 1);
        }
        if (t instanceof BtfType.Array a) {
            long element = size(btf, a.element(), depth + 1);
            long total = element * a.count();
            return Math.multiplyHigh(element, a.count()) != 0 || total < 0 ? Long.MAX_VALUE : total;
        }
        return 0;
    }
}
