package dev.klpscope.module.types;

import dev.klpscope.elf.MalformedInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * C-like names of BTF types ({@code struct foo *}, {@code const char[16]}, {@code u32}) and their sizes, each
 * following at most {@link #MAX_STEPS} references. BTF or DWARF from a file may chain typedefs and qualifiers in a
 * cycle, or refer to a variable or function where a type belongs: malformed input, reported at the record or DIE on
 * the cycle or holding the reference ({@link TypeGraph#malformed}), never followed forever nor read as a type. The
 * kernel refuses such BTF ({@code btf_resolve()} finds the loop, kernel/bpf/btf.c). A struct reached through a
 * pointer is named, not expanded, so one pointing to itself ({@code struct list_head *next}) is just a name.
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
            throw tooDeep(btf, id);
        }
        BtfType t = btf.type(id);
        if (t == null) {
            return "void";
        }
        if (canonical && t instanceof BtfType.Reference r && r.kind() == BtfType.RefKind.TYPEDEF) {
            return name(btf, target(btf, id, r.target()), depth + 1, true);
        }
        if (t instanceof BtfType.Pointer p) {
            return pointerTo(name(btf, target(btf, id, p.target()), depth + 1, canonical));
        }
        if (t instanceof BtfType.Array a) {
            return name(btf, target(btf, id, a.element()), depth + 1, canonical) + "[" + a.count() + "]";
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
            int under = target(btf, id, r.target());
            switch (r.kind()) {
                case TYPEDEF:
                    return r.name();
                case CONST:
                    return qualified("const ", name(btf, under, depth + 1, canonical));
                case VOLATILE:
                    return qualified("volatile ", name(btf, under, depth + 1, canonical));
                case RESTRICT:
                    return name(btf, under, depth + 1, canonical) + " restrict";
                default:
                    return name(btf, under, depth + 1, canonical);
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

    /**
     * {@code to}, which type {@code from} refers to (as its target, element or member type), where that is a type;
     * a variable, function, section or tag there is malformed input at {@code from}.
     */
    public static int target(TypeGraph btf, int from, int to) {
        String what = notAType(btf.type(to));
        if (what != null) {
            throw btf.malformed(from, "refers to " + what + " where a type belongs");
        }
        return to;
    }

    /** What the record is when it is no type ("the variable foo_stats"), else null. */
    public static String notAType(BtfType t) {
        if (t instanceof BtfType.Variable v) {
            return "the variable " + v.name();
        }
        if (t instanceof BtfType.Function f) {
            return "the function " + f.name();
        }
        if (t instanceof BtfType.DataSection d) {
            return "the section " + d.name();
        }
        if (t instanceof BtfType.DeclTag d) {
            return "the tag " + d.name();
        }
        return null;
    }

    /**
     * A chain of more than {@link #MAX_STEPS} typedefs, qualifiers, pointers and arrays from {@code id}: a reference
     * cycle, reported at the first type met twice, else absurd nesting, reported at {@code id}.
     */
    public static MalformedInputException tooDeep(TypeGraph btf, int id) {
        List<Integer> seen = new ArrayList<>();
        int at = id;
        for (int steps = 0; steps <= MAX_STEPS + 1; steps++) {
            int first = seen.indexOf(at);
            if (first >= 0) {
                int length = seen.size() - first;
                return btf.malformed(at, length == 1 ? "refers to itself (a reference cycle)"
                        : "refers back to itself through " + length + " types (a reference cycle)");
            }
            seen.add(at);
            BtfType t = btf.type(at);
            if (t instanceof BtfType.Reference r) {
                at = r.target();
            } else if (t instanceof BtfType.Pointer p) {
                at = p.target();
            } else if (t instanceof BtfType.Array a) {
                at = a.element();
            } else {
                break;
            }
        }
        return btf.malformed(id, "starts a chain of more than " + MAX_STEPS + " typedefs, qualifiers, pointers and arrays");
    }

    /** A qualifier once: BTF puts {@code const} on an array type whose element type is const already. */
    private static String qualified(String qualifier, String target) {
        return target.startsWith(qualifier) ? target : qualifier + target;
    }

    private static String pointerTo(String target) {
        return target.endsWith("*") ? target + "*" : target + " *";
    }

    /** The type under typedefs and qualifiers (null for void). */
    public static BtfType resolve(TypeGraph btf, int id) {
        return btf.type(resolveId(btf, id));
    }

    /** The id under typedefs and qualifiers. */
    public static int resolveId(TypeGraph btf, int id) {
        int at = id;
        for (int steps = 0; btf.type(at) instanceof BtfType.Reference r; steps++) {
            if (steps > MAX_STEPS) {
                throw tooDeep(btf, id);
            }
            at = target(btf, at, r.target());
        }
        return at;
    }

    /** Size in bytes; 0 for void, functions and where it cannot be told. Saturates instead of overflowing. */
    public static long size(TypeGraph btf, int id) {
        return size(btf, id, 0);
    }

    private static long size(TypeGraph btf, int id, int depth) {
        if (depth > MAX_STEPS) {
            throw tooDeep(btf, id);
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
            return size(btf, target(btf, id, r.target()), depth + 1);
        }
        if (t instanceof BtfType.Array a) {
            long element = size(btf, target(btf, id, a.element()), depth + 1);
            long total = element * a.count();
            return Math.multiplyHigh(element, a.count()) != 0 || total < 0 ? Long.MAX_VALUE : total;
        }
        return 0;
    }
}
