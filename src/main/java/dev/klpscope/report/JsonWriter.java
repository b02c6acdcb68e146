package dev.klpscope.report;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small pretty-printing JSON writer. Hand-written rather than a library: the reports need only objects,
 * arrays, strings, numbers and booleans in a fixed field order, and this keeps the jar's dependencies to what
 * the analysis needs. Strings are escaped per RFC 8259; U+2028/U+2029 and lone surrogates are escaped too,
 * so the output is valid UTF-8 and safe to embed in JavaScript.
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    /** One entry per open container: true until its first member is written. */
    private final Deque<Boolean> first = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        open('{');
        return this;
    }

    public JsonWriter endObject() {
        close('}');
        return this;
    }

    public JsonWriter beginArray() {
        open('[');
        return this;
    }

    public JsonWriter endArray() {
        close(']');
        return this;
    }

    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(": ");
        afterName = true;
        return this;
    }

    public JsonWriter value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            string(s);
        }
        return this;
    }

    public JsonWriter value(long n) {
        separate();
        out.append(n);
        return this;
    }

    /** An unsigned 64-bit value (offsets, sympos) written as its unsigned decimal. */
    public JsonWriter unsigned(long n) {
        separate();
        out.append(Long.toUnsignedString(n));
        return this;
    }

    /** A number, or {@code null} when absent. */
    public JsonWriter value(java.util.OptionalLong n) {
        return n.isPresent() ? value(n.getAsLong()) : nullValue();
    }

    public JsonWriter value(boolean b) {
        separate();
        out.append(b);
        return this;
    }

    public JsonWriter nullValue() {
        separate();
        out.append("null");
        return this;
    }

    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /** The document so far, ending in a newline once every container is closed. */
    @Override
    public String toString() {
        return first.isEmpty() ? out + "\n" : out.toString();
    }

    private void open(char c) {
        separate();
        out.append(c);
        first.push(true);
    }

    private void close(char c) {
        boolean empty = first.pop();
        if (!empty) {
            newline();
        }
        out.append(c);
    }

    /** Writes the comma and indentation a new member needs, unless it is the value of a name just written. */
    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (first.isEmpty()) {
            return;
        }
        if (!first.peek()) {
            out.append(',');
        }
        first.pop();
        first.push(false);
        newline();
    }

    private void newline() {
        out.append('\n');
        out.append("  ".repeat(first.size()));
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || loneSurrogate(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                        if (Character.isHighSurrogate(c)) {
                            out.append(s.charAt(++i));
                        }
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean loneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c);
    }
}
