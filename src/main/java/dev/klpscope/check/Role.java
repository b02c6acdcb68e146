package dev.klpscope.check;

/** Why the patch names a target: it references it (klp relocation, import) or it replaces it (klp_func). */
public enum Role {
    REFERENCE("reference"),
    PATCHED("patched");

    private final String word;

    Role(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
