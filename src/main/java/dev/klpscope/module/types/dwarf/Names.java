package dev.klpscope.module.types.dwarf;

/** Symbol names as DWARF spells them. */
final class Names {

    private Names() {
    }

    /**
     * {@code counter} for the symbol {@code counter.3}: gcc numbers a function's static variables (and
     * {@code .isra.0}, {@code .constprop.0} clones) in the symbol table only; DWARF keeps the source name.
     */
    static String plain(String symbol) {
        int dot = symbol.indexOf('.');
        return dot > 0 ? symbol.substring(0, dot) : symbol;
    }
}
