package dev.klpscope.module.code;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * What an address in code reaches, as parts: names, and offsets inside the function itself (resolved to
 * instruction numbers once every instruction is known, so that code placed elsewhere still compares equal).
 */
final class Reference {

    private final List<Object> parts = new ArrayList<>(2);
    /** Named by raw bytes only (no symbol, string or table): weak evidence that a number is an address at all. */
    private boolean bytesOnly;

    static Reference named(String name) {
        Reference r = new Reference();
        r.parts.add(name);
        return r;
    }

    static Reference local(long functionOffset) {
        Reference r = new Reference();
        r.parts.add(functionOffset);
        return r;
    }

    static Reference bytes(String text) {
        Reference r = named(text);
        r.bytesOnly = true;
        return r;
    }

    boolean bytesOnly() {
        return bytesOnly;
    }

    Reference then(String text) {
        parts.add(text);
        return this;
    }

    Reference then(Reference other) {
        parts.addAll(other.parts);
        return this;
    }

    Reference thenLocal(long functionOffset) {
        parts.add(functionOffset);
        return this;
    }

    /** The plain name when it has no local part (e.g. to recognise {@code __fentry__}). */
    String name() {
        return parts.size() == 1 && parts.get(0) instanceof String s ? s : "";
    }

    String text(LongFunction<String> local) {
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            b.append(p instanceof Long l ? local.apply(l) : (String) p);
        }
        return b.toString();
    }
}
