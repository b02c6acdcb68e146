package dev.klpscope.module.code;

import java.util.regex.Pattern;

/** How a referenced symbol is named so that two builds agree: compiler numbering dropped, livepatch names unwrapped. */
public final class Names {

    private static final Pattern NUMBERED = Pattern.compile("\\.[0-9]+(?=\\.|$)");

    private Names() {
    }

    /**
     * The name without the numbers the compiler gives local copies and clones ({@code __func__.5} and
     * {@code __func__.4} are {@code __func__}; {@code foo.isra.0} is {@code foo.isra}; {@code foo.cold} stays):
     * the numbers count earlier copies in the unit, not what the symbol is.
     */
    public static String stem(String name) {
        if (name.indexOf('.') <= 0) {
            return name;
        }
        return NUMBERED.matcher(name).replaceAll("");
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
