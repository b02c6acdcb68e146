package dev.klpscope.livepatch;

import java.util.List;
import java.util.Optional;

/**
 * {@code klp_patch.replace} (atomic replace): the value the structure is initialised with, and the stores of the
 * patch's code that may change it before {@code klp_enable_patch()} reads it.
 *
 * @param initial the static initializer, when the structures were decoded
 * @param stores  instructions writing the field (x86-64; empty where code is not decoded)
 */
public record ReplaceSetting(Optional<Boolean> initial, List<ReplaceStore> stores) {

    public static final ReplaceSetting UNKNOWN = new ReplaceSetting(Optional.empty(), List.of());

    public ReplaceSetting {
        stores = List.copyOf(stores);
    }

    public boolean mayBeOverridden() {
        return !stores.isEmpty();
    }

    /** {@code true}, {@code false}, {@code unknown}, with "(init may override: …)" when code stores into it. */
    public String describe() {
        String base = initial.map(String::valueOf).orElse("unknown");
        if (stores.isEmpty()) {
            return base;
        }
        return base + " (initial value; overridden at run time: "
                + String.join("; ", stores.stream().map(ReplaceStore::describe).toList()) + ")";
    }
}
