package dev.klpscope.module;

import dev.klpscope.elf.Symbol;

/**
 * What {@code klp_find_object_symbol()} concludes for a name and a sympos, with the kernel's own message
 * for each failure ({@code kernel/livepatch/core.c}).
 */
public sealed interface Resolution {

    /** How many symbols of that name the kernel counts in this view. */
    int count();

    /** The symbol the kernel binds to. */
    record Found(Symbol symbol, int position, int count) implements Resolution {
    }

    /** {@code symbol '%s' not found in symbol table}. */
    record NotFound() implements Resolution {
        @Override
        public int count() {
            return 0;
        }
    }

    /** {@code unresolvable ambiguity for symbol '%s' in object '%s'}: sympos 0 and more than one match. */
    record Ambiguous(int count) implements Resolution {
    }

    /** {@code symbol position %lu for symbol '%s' in object '%s' not found}: fewer than sympos matches. */
    record PositionNotFound(long sympos, int count) implements Resolution {
    }

    default boolean resolves() {
        return this instanceof Found;
    }

    /** The line the kernel prints for a failure, or null when the symbol resolves. */
    default String kernelMessage(String name, String object) {
        if (this instanceof NotFound) {
            return String.format("livepatch: symbol '%s' not found in symbol table", name);
        }
        if (this instanceof Ambiguous) {
            return String.format("livepatch: unresolvable ambiguity for symbol '%s' in object '%s'", name, object);
        }
        if (this instanceof PositionNotFound p) {
            return String.format("livepatch: symbol position %s for symbol '%s' in object '%s' not found",
                    Long.toUnsignedString(p.sympos()), name, object);
        }
        return null;
    }
}
