package dev.klpscope.module;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code .modinfo} section: NUL-separated {@code key=value} strings, keys possibly repeated
 * ({@code alias}, {@code parm}). Values are kept in file order.
 */
public record ModInfo(Map<String, List<String>> entries) {

    public static final ModInfo EMPTY = new ModInfo(Map.of());

    public ModInfo {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        entries = java.util.Collections.unmodifiableMap(copy);
    }

    /** Parses raw section bytes; strings without '=' and empty padding are skipped, as modpost does. */
    public static ModInfo parse(byte[] bytes) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == 0) {
                if (i > start) {
                    String s = new String(bytes, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1);
                    int eq = s.indexOf('=');
                    if (eq > 0) {
                        map.computeIfAbsent(s.substring(0, eq), k -> new ArrayList<>()).add(s.substring(eq + 1));
                    }
                }
                start = i + 1;
            }
        }
        return new ModInfo(map);
    }

    public Optional<String> first(String key) {
        List<String> values = entries.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public Optional<String> name() {
        return first("name");
    }

    public Optional<String> vermagic() {
        return first("vermagic");
    }

    public Optional<String> srcversion() {
        return first("srcversion");
    }

    /** {@code depends=} as a list; empty when absent or empty. */
    public List<String> depends() {
        return first("depends").filter(s -> !s.isBlank()).map(s -> List.of(s.split(","))).orElse(List.of());
    }

    /** {@code livepatch=Y} marks a livepatch module; the loader sets {@code mod->klp} from it. */
    public boolean isLivepatch() {
        return first("livepatch").map("Y"::equals).orElse(false);
    }

    public boolean isInTree() {
        return first("intree").map("Y"::equals).orElse(false);
    }

    public boolean hasRetpoline() {
        return first("retpoline").map("Y"::equals).orElse(false);
    }
}
