package dev.klpscope.check;

/**
 * Which load order a finding holds for. A livepatch's references into a module are resolved either when the
 * patch is enabled with the module already loaded, or when the module loads after the patch; the two see
 * different symbol lists (livepatch-format.md §3.2), and an ordinary import from the target fails only when
 * the patch comes first.
 */
public enum LoadOrder {
    ANY(""),
    TARGET_FIRST("when the target is loaded first"),
    PATCH_FIRST("when the patch is loaded first");

    private final String phrase;

    LoadOrder(String phrase) {
        this.phrase = phrase;
    }

    /** Words to append to a message ("" for {@link #ANY}). */
    public String phrase() {
        return phrase;
    }

    public String suffix() {
        return phrase.isEmpty() ? "" : " " + phrase;
    }

    /** True when a finding for this order applies to a load in {@code order}. */
    public boolean appliesTo(LoadOrder order) {
        return this == ANY || order == ANY || this == order;
    }
}
