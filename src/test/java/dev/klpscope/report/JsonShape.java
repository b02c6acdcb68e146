package dev.klpscope.report;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fields docs/json-format.md promises (issue 3's minimum and more), checked on a parsed report. */
public final class JsonShape {

    private static final List<String> SEVERITIES = List.of("crash", "refused", "silent", "risk", "warn", "info", "ok");

    private JsonShape() {
    }

    public static void requireInspectionShape(Map<String, Object> root) {
        Map<String, Object> tool = has(root, "tool", Map.class);
        has(tool, "name", String.class);
        has(tool, "version", String.class);
        Map<String, Object> patch = has(root, "patch", Map.class);
        for (String k : List.of("path", "name", "vermagic")) {
            has(patch, k, String.class);
        }
        listField(patch, "objects").forEach(o -> assertTrue(o instanceof String, "objects are names"));
        requireKlpPatchShape(patch);
        Map<String, Object> lint = has(patch, "lint", Map.class);
        assertTrue(List.of("6.1", "6.12", "7.3").contains((String) has(lint, "kernel", String.class)), "lint.kernel " + lint);
        assertTrue(((String) has(lint, "rules", String.class)).startsWith("Linux " + lint.get("kernel")), "lint.rules " + lint);
        findings(listField(patch, "findings"));
        for (Object c : listField(root, "candidates")) {
            Map<String, Object> cand = MiniJson.object(c);
            for (String k : List.of("path", "object", "release", "vermagic", "srcversion", "buildId", "baselineReason")) {
                has(cand, k, String.class);
            }
            has(cand, "baseline", Boolean.class);
            has(cand, "baselineAmbiguous", Boolean.class);
            findings(listField(cand, "findings"));
        }
        for (Object t : listField(root, "targets")) {
            Map<String, Object> target = MiniJson.object(t);
            for (String k : List.of("object", "symbol", "kind", "role")) {
                has(target, k, String.class);
            }
            has(target, "sympos", Long.class);
            assertTrue(List.of("function", "variable", "unknown").contains(target.get("kind")), "kind " + target.get("kind"));
            assertTrue(List.of("reference", "patched").contains(target.get("role")), "role " + target.get("role"));
            for (Object s : listField(target, "sites")) {
                Map<String, Object> site = MiniJson.object(s);
                has(site, "section", String.class);
                has(site, "offset", Long.class);
                has(site, "type", String.class);
                has(site, "addend", Long.class);
                has(site, "function", String.class);
            }
            for (Object v : listField(target, "verdicts")) {
                Map<String, Object> verdict = MiniJson.object(v);
                has(verdict, "candidate", String.class);
                severity(has(verdict, "severity", String.class));
                assertTrue(!findings(listField(verdict, "findings")).isEmpty(), "a verdict has findings");
                listField(verdict, "symbols");
            }
        }
        Map<String, Object> summary = has(root, "summary", Map.class);
        for (String k : List.of("targets", "functions", "variables", "unknown", "breakingTargets")) {
            has(summary, k, Long.class);
        }
        severity(has(summary, "worst", String.class));
        Map<String, Object> counts = has(summary, "findings", Map.class);
        SEVERITIES.forEach(s -> has(counts, s, Long.class));
    }

    /** The whole klp_patch, in the check report's "patch" and at the top of {@code show --format json}. */
    public static void requireKlpPatchShape(Map<String, Object> patch) {
        for (Object o : listField(patch, "klpObjects")) {
            Map<String, Object> object = MiniJson.object(o);
            has(object, "name", String.class);
            has(object, "functions", Long.class);
            Map<String, Object> callbacks = has(object, "callbacks", Map.class);
            for (String k : List.of("prePatch", "postPatch", "preUnpatch", "postUnpatch")) {
                assertTrue(callbacks.containsKey(k) && (callbacks.get(k) == null || callbacks.get(k) instanceof String),
                        "callbacks." + k + " " + callbacks);
            }
        }
        for (Object s : listField(patch, "states")) {
            has(MiniJson.object(s), "id", Long.class);
            has(MiniJson.object(s), "version", Long.class);
        }
        for (Object r : listField(patch, "replaceStores")) {
            Map<String, Object> store = MiniJson.object(r);
            for (String k : List.of("function", "section", "readFrom")) {
                has(store, k, String.class);
            }
            has(store, "offset", Long.class);
            has(store, "moduleParameter", Boolean.class);
            assertTrue(store.containsKey("constant"), "replaceStores.constant");
        }
        for (Object u : listField(patch, "shadowVariables")) {
            Map<String, Object> use = MiniJson.object(u);
            for (String k : List.of("call", "function", "section", "why")) {
                has(use, k, String.class);
            }
            has(use, "offset", Long.class);
            assertTrue(use.containsKey("id") && (use.get("id") == null) != ((String) use.get("why")).isEmpty(),
                    "an id, or why there is none: " + use);
        }
    }

    private static List<Object> findings(List<Object> findings) {
        for (Object f : findings) {
            Map<String, Object> finding = MiniJson.object(f);
            has(finding, "check", String.class);
            severity(has(finding, "severity", String.class));
            has(finding, "message", String.class);
            if (finding.containsKey("kernelMessage")) {
                has(finding, "kernelMessage", String.class);
            }
        }
        return findings;
    }


    private static void severity(String s) {
        assertTrue(SEVERITIES.contains(s), "unknown severity " + s);
    }

    private static List<Object> listField(Map<String, Object> m, String key) {
        return MiniJson.array(has(m, key, List.class));
    }

    @SuppressWarnings("unchecked")
    private static <T> T has(Map<String, Object> m, String key, Class<?> type) {
        assertTrue(m.containsKey(key), "missing field '" + key + "' in " + m.keySet());
        Object v = m.get(key);
        assertTrue(type.isInstance(v), "field '" + key + "' is " + v + ", expected " + type.getSimpleName());
        return (T) v;
    }
}
