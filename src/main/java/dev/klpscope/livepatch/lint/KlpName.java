package dev.klpscope.livepatch.lint;

import java.util.Optional;

/**
 * Parses {@code .klp.rela.*} section names and {@code .klp.sym.*} symbol names exactly as the 6.1 kernel's
 * {@code sscanf} calls do ({@code kernel/livepatch/core.c}), including their quirks: {@code %55[^.]} stops
 * after 55 characters, trailing text after the sympos is ignored, and {@code %lu} accepts a sign.
 */
public final class KlpName {

    public static final String RELA_PREFIX = ".klp.rela.";
    public static final String SYM_PREFIX = ".klp.sym.";
    /** {@code MODULE_NAME_LEN - 1} on 64-bit. */
    public static final int OBJNAME_MAX = 55;
    /** {@code KSYM_NAME_LEN - 1} in 6.1. */
    public static final int SYMNAME_MAX = 511;

    private KlpName() {
    }

    /** A parsed {@code .klp.sym.<object>.<name>,<sympos>}. */
    public record SymbolName(String object, String name, long sympos) {
    }

    /** A parsed {@code .klp.rela.<object>.<section>}: the kernel reads only the object; the rest is for people. */
    public record SectionName(String object, String displayedSection, boolean objectTruncated) {
    }

    /**
     * {@code sscanf(name, ".klp.sym.%55[^.].%511[^,],%lu", ...) == 3}; empty when the kernel would print
     * {@code symbol %s has an incorrectly formatted name}.
     */
    public static Optional<SymbolName> parseSymbol(String s) {
        if (!s.startsWith(SYM_PREFIX)) {
            return Optional.empty();
        }
        int p = SYM_PREFIX.length();
        int objEnd = scanSet(s, p, OBJNAME_MAX, '.');
        if (objEnd == p || objEnd >= s.length() || s.charAt(objEnd) != '.') {
            return Optional.empty();
        }
        String object = s.substring(p, objEnd);
        p = objEnd + 1;
        int nameEnd = scanSet(s, p, SYMNAME_MAX, ',');
        if (nameEnd == p || nameEnd >= s.length() || s.charAt(nameEnd) != ',') {
            return Optional.empty();
        }
        String name = s.substring(p, nameEnd);
        Optional<Long> pos = scanUnsignedLong(s, nameEnd + 1);
        return pos.map(v -> new SymbolName(object, name, v));
    }

    /** {@code sscanf(secname, ".klp.rela.%55[^.]", objname) == 1}. */
    public static Optional<SectionName> parseSection(String s) {
        if (!s.startsWith(RELA_PREFIX)) {
            return Optional.empty();
        }
        int p = RELA_PREFIX.length();
        int objEnd = scanSet(s, p, OBJNAME_MAX, '.');
        if (objEnd == p) {
            return Optional.empty();
        }
        String object = s.substring(p, objEnd);
        boolean truncated = objEnd < s.length() && s.charAt(objEnd) != '.';
        String rest = "";
        int dot = s.indexOf('.', objEnd);
        if (dot >= 0) {
            rest = s.substring(dot + 1);
            if (!rest.startsWith(".")) {
                rest = "." + rest;
            }
        }
        return Optional.of(new SectionName(object, rest, truncated));
    }

    /** Why a {@code .klp.sym} name fails the kernel's format, in words. */
    public static String explainBadSymbol(String s) {
        if (!s.startsWith(SYM_PREFIX)) {
            return "does not start with " + SYM_PREFIX;
        }
        String rest = s.substring(SYM_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            return dot == 0 ? "has an empty object name" : "has no '.' after the object name";
        }
        if (dot > OBJNAME_MAX) {
            return "has an object name longer than " + OBJNAME_MAX + " characters";
        }
        String tail = rest.substring(dot + 1);
        int comma = tail.indexOf(',');
        if (comma < 0) {
            return "has no ',<sympos>' after the symbol name";
        }
        if (comma == 0) {
            return "has an empty symbol name";
        }
        if (comma > SYMNAME_MAX) {
            return "has a symbol name longer than " + SYMNAME_MAX + " characters";
        }
        return "has no number after the ','";
    }

    /** {@code %N[^c]}: up to {@code max} characters other than {@code stop}; returns the end index. */
    private static int scanSet(String s, int from, int max, char stop) {
        int i = from;
        while (i < s.length() && i - from < max && s.charAt(i) != stop) {
            i++;
        }
        return i;
    }

    /** {@code %lu}: optional white space, optional sign, decimal digits; a leading '-' negates modulo 2^64. */
    private static Optional<Long> scanUnsignedLong(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long value = 0;
        boolean overflow = false;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            long next = value * 10 + (s.charAt(i) - '0');
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0 || Long.compareUnsigned(next, value) < 0) {
                overflow = true;
            }
            value = next;
            i++;
        }
        if (i == digits) {
            return Optional.empty();
        }
        if (overflow) {
            value = -1L; // strtoul saturates at ULONG_MAX
        }
        return Optional.of(negative ? -value : value);
    }
}
