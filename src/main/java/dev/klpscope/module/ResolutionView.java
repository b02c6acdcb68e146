package dev.klpscope.module;

/**
 * The two moments at which the kernel resolves a livepatch's references into a module, which see different
 * symbol lists (livepatch-format.md §3.2).
 */
public enum ResolutionView {
    /**
     * The target module is already loaded when the patch is enabled: {@code mod->kallsyms} holds only the
     * core symbols (named, defined, in an allocated non-init section).
     */
    TARGET_LOADED("target loaded first"),
    /**
     * The target module loads after the patch ({@code klp_module_coming}): {@code mod->kallsyms} still
     * points at the whole init-time symbol table, undefined entries skipped.
     */
    TARGET_COMING("target loads after the patch");

    private final String label;

    ResolutionView(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
