package dev.klpscope.module.code;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** How a referenced symbol is named so that two builds agree: compiler numbering dropped, livepatch names unwrapped. */
public final class Names {

    private static final Pattern NUMBERED = Pattern.compile("\\.[0-9]+(?=\\.|$)");

    private static final String UNIQUE_ID = "__UNIQUE_ID_";
    private static final Pattern BTF_ID = Pattern.compile("__[0-9]+$");
    private static final Pattern INITCALL_ID = Pattern.compile("__[0-9]+_[0-9]+_");

    private Names() {
    }

    /**
     * The name without the numbers the compiler gives local copies and clones ({@code __func__.5} and
     * {@code __func__.4} are {@code __func__}; {@code foo.isra.0} is {@code foo.isra}; {@code foo.cold} stays;
     * {@code __UNIQUE_ID_ddebug510} is {@code __UNIQUE_ID_ddebug}):
     * the numbers count earlier copies in the unit, not what the symbol is.
     */
    public static String stem(String name) {
        String stem = name.indexOf('.') > 0 ? NUMBERED.matcher(name).replaceAll("") : name;
        if (stem.startsWith(UNIQUE_ID)) { // __UNIQUE_ID(prefix): prefix ## __COUNTER__ (include/linux/compiler_types.h)
            int end = stem.length();
            while (end > UNIQUE_ID.length() && Character.isDigit(stem.charAt(end - 1))) {
                end--;
            }
            stem = stem.substring(0, end);
        }
        if (stem.startsWith("__BTF_ID__")) { // BTF_ID(): __BTF_ID__<kind>__<name>__<__COUNTER__> (include/linux/btf_ids.h)
            stem = BTF_ID.matcher(stem).replaceFirst("");
        }
        if (stem.contains("__kmod_")) { // __initcall_id(): __kmod_<mod>__<__COUNTER__>_<__LINE__>_<fn> (include/linux/init.h)
            stem = INITCALL_ID.matcher(stem).replaceFirst("__");
        }
        return stem;
    }

    /**
     * The function a compiler-made copy was made from ({@code foo.isra.0}, {@code foo.constprop.0.isra.0},
     * {@code foo.part.0}, {@code foo.cold}, {@code foo.localalias}: {@code foo}); empty for any other name.
     * Built on {@link #stem}, which has already dropped the numbers.
     */
    public static Optional<String> copyOf(String name) {
        String base = stem(name);
        boolean stripped = false;
        for (boolean again = true; again; ) {
            again = false;
            for (String suffix : COPY_SUFFIXES) {
                if (base.endsWith(suffix) && base.length() > suffix.length()) {
                    base = base.substring(0, base.length() - suffix.length());
                    stripped = again = true;
                }
            }
        }
        return stripped ? Optional.of(base) : Optional.empty();
    }

    /** gcc's suffixes for copies and parts of a function (IPA-SRA, IPA-CP, partial inlining, hot/cold split, LTO, aliases). */
    private static final List<String> COPY_SUFFIXES =
            List.of(".isra", ".constprop", ".part", ".cold", ".lto_priv", ".localalias");

    /** Whether the compiler numbered this local copy ({@code __func__.5}, {@code foo.isra.0}). */
    public static boolean numbered(String name) {
        return name.indexOf('.') > 0 && NUMBERED.matcher(name).find();
    }

    /**
     * A livepatch symbol {@code .klp.sym.OBJ.NAME,POS} by the name it stands for (what the same code reaches
     * through an ordinary relocation in another build); any other name as is.
     */
    public static String unwrapLivepatch(String name) {
        if (!name.startsWith(".klp.sym.")) {
            return name;
        }
        int dot = name.indexOf('.', ".klp.sym.".length());
        int comma = name.lastIndexOf(',');
        return dot > 0 && comma > dot ? name.substring(dot + 1, comma) : name;
    }
}
