package dev.klpscope.module.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A function's prototype from BTF ({@code BTF_KIND_FUNC} and its {@code FUNC_PROTO}: pahole encodes one for every
 * function the compiler kept out of line with one consistent prototype) or from DWARF (a {@code DW_TAG_subprogram}
 * and its formal parameters, as {@code dwarf.DwarfTypes} presents them).
 */
public final class Prototypes {

    /**
     * @param text       as written: {@code int (struct tty_struct *tty, const u8 *buf, int count)}
     * @param returns    the return type with typedefs resolved
     * @param parameters each parameter's type with typedefs resolved ({@code ...} for varargs), in order
     */
    public record Signature(String text, String returns, List<String> parameters) {
        public Signature {
            parameters = List.copyOf(parameters);
        }

        /** The types alone with typedefs resolved, what two builds are compared by. */
        public String canonical() {
            return returns + " (" + String.join(", ", parameters) + ")";
        }

        /**
         * True when {@code later} only adds parameters after this one's, with the same return type: code compiled
         * for this prototype still finds each of its own arguments where a caller of {@code later} puts it (the
         * x86-64 and arm64 calling conventions assign registers and stack slots in parameter order).
         */
        public boolean extendedBy(Signature later) {
            return returns.equals(later.returns) && later.parameters.size() > parameters.size()
                    && !parameters.contains("...") && later.parameters.subList(0, parameters.size()).equals(parameters);
        }
    }

    private Prototypes() {
    }

    /**
     * The prototype of the function called {@code name}, in this BTF or its base; empty where there is none or where
     * same-named functions (statics of several units) disagree, since which one is meant cannot be told by name.
     */
    public static Optional<Signature> of(TypeGraph btf, String name) {
        Signature found = null;
        for (int id : btf.named(name)) {
            if (!(btf.type(id) instanceof BtfType.Function f) || !(btf.type(f.proto()) instanceof BtfType.Prototype p)) {
                continue;
            }
            Signature s = signature(btf, p);
            if (found != null && !found.canonical().equals(s.canonical())) {
                return Optional.empty();
            }
            found = found == null ? s : found;
        }
        return Optional.ofNullable(found);
    }

    /** The prototype of the function {@code id} names (a DWARF subprogram's, say); empty when it is none. */
    public static Optional<Signature> ofFunction(TypeGraph btf, int id) {
        if (btf.type(id) instanceof BtfType.Function f && btf.type(f.proto()) instanceof BtfType.Prototype p) {
            return Optional.of(signature(btf, p));
        }
        return Optional.empty();
    }

    private static Signature signature(TypeGraph btf, BtfType.Prototype p) {
        List<String> text = new ArrayList<>();
        List<String> canonical = new ArrayList<>();
        for (BtfType.Parameter param : p.parameters()) {
            String type = param.type() == 0 ? "..." : TypeNames.name(btf, param.type());
            text.add(param.name().isEmpty() ? type : type + (type.endsWith("*") ? "" : " ") + param.name());
            canonical.add(param.type() == 0 ? "..." : TypeNames.canonical(btf, param.type()));
        }
        return new Signature(TypeNames.name(btf, p.returnType()) + " (" + String.join(", ", text) + ")",
                TypeNames.canonical(btf, p.returnType()), canonical);
    }
}
