package dev.klpscope.livepatch;

import dev.klpscope.elf.Symbol;

import java.util.List;

/**
 * A target the livepatch reaches through klp relocations: {@code .klp.sym.<object>.<name>,<sympos>} and every
 * relocation site that uses it.
 *
 * @param object      the object named in the symbol (where the kernel looks the name up)
 * @param symbol      the {@code .klp.sym} entry itself: its {@code STT_*} is the build-time kind when the
 *                    builder kept it (kpatch, klp-build), {@code NOTYPE} otherwise
 */
public record KlpReference(String object, String name, long sympos, Symbol symbol, List<RelocationSite> sites) {

    public KlpReference {
        sites = List.copyOf(sites);
    }

    /** The kind the patch expects, from the symbol's type or, failing that, from how the sites use it. */
    public ExpectedKind expectedKind() {
        if (symbol.isFunction()) {
            return ExpectedKind.FUNCTION;
        }
        if (symbol.isObject()) {
            return ExpectedKind.VARIABLE;
        }
        if (!sites.isEmpty() && sites.stream().allMatch(RelocationSite::call)) {
            return ExpectedKind.FUNCTION;
        }
        return ExpectedKind.UNKNOWN;
    }

    /** How the patch's build saw a target. */
    public enum ExpectedKind { FUNCTION, VARIABLE, UNKNOWN }
}
