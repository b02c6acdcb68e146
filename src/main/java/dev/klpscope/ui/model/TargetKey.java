package dev.klpscope.ui.model;

import dev.klpscope.check.Role;
import dev.klpscope.check.Target;

/**
 * A target's identity across filter passes and re-inspections: object, name, position and role (a patched and a
 * referenced foo differ). Cheaper to hash and compare than the whole target record with its verdicts.
 */
public record TargetKey(String object, String symbol, long sympos, Role role) {

    public static TargetKey of(Target t) {
        return new TargetKey(t.object(), t.symbol(), t.sympos(), t.role());
    }

    public boolean is(Target t) {
        return object.equals(t.object()) && symbol.equals(t.symbol()) && sympos == t.sympos() && role == t.role();
    }
}
