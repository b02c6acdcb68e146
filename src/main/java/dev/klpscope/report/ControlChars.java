package dev.klpscope.report;

/**
 * Names and messages come from the input files: a hostile module could put a newline (a forged report line) or
 * an ESC sequence (terminal control) into a symbol name. Every line a text-like report writes goes through here.
 */
final class ControlChars {

    private ControlChars() {
    }

    /** Control characters, DEL and the Unicode line/paragraph separators as visible {@code \xNN}/{@code \\uNNNN}. */
    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
            if (control && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b != null) {
                if (!control) {
                    b.append(c);
                } else if (c == '\n') {
                    b.append("\\n");
                } else if (c == '\t') {
                    b.append("\\t");
                } else if (c < 0x100) {
                    b.append(String.format("\\x%02x", (int) c));
                } else {
                    b.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
