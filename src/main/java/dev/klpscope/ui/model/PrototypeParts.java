package dev.klpscope.ui.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A prototype as {@code module.types.Prototypes} writes it ({@code int (struct foo *f, void (*cb)(int), ...)}) cut
 * into its return type and its parameters: the parameter list is the last parenthesised group, split at the commas
 * outside any nested parentheses (a function-pointer parameter keeps its own).
 */
final class PrototypeParts {

    private PrototypeParts() {
    }

    /** The return type first, then each parameter as written; the whole text as the only part when it is not a prototype. */
    static List<String> of(String prototype) {
        String s = prototype.strip();
        if (!s.endsWith(")")) {
            return List.of(s);
        }
        int depth = 0;
        int open = -1;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            depth += c == ')' ? 1 : c == '(' ? -1 : 0;
            if (depth == 0) {
                open = i;
                break;
            }
        }
        if (open <= 0) {
            return List.of(s);
        }
        List<String> parts = new ArrayList<>();
        parts.add(s.substring(0, open).strip());
        String params = s.substring(open + 1, s.length() - 1);
        int start = 0;
        depth = 0;
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(params.substring(start, i).strip());
                start = i + 1;
            }
        }
        String last = params.substring(start).strip();
        if (!last.isEmpty() && !(parts.size() == 1 && last.equals("void"))) {
            parts.add(last);
        }
        return parts;
    }
}
