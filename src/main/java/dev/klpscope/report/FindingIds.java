package dev.klpscope.report;

import dev.klpscope.check.Finding;
import dev.klpscope.check.LoadOrder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Ids of the JSON report's flat {@code findings[]} (docs/json-format.md): {@code <check>-<12 hex digits>}, the digits
 * from SHA-256 over what the finding is about: check id, object, target symbol and sympos, the candidate's path
 * (relative to the working directory, {@code module.ReportedPath}) and load order. Never the message's wording, a
 * memory address or a list position, so the same finding has the same id across runs, machines and versions that
 * reword it. Two findings about exactly the same thing (which no check makes today) get {@code -2}, {@code -3}, ...
 */
final class FindingIds {

    private final Map<String, Integer> seen = new HashMap<>();

    /** {@code symbol} and {@code candidate} are {@code ""} for a finding about the patch or a whole candidate. */
    String of(Finding f, String object, String symbol, long sympos, String candidate) {
        String key = String.join("\n", f.check(), object, symbol, Long.toUnsignedString(sympos), candidate,
                f.order() == LoadOrder.ANY ? "" : f.order().name());
        String id = f.check() + "-" + HexFormat.of().formatHex(sha256(key), 0, 6);
        int n = seen.merge(id, 1, Integer::sum);
        return n == 1 ? id : id + "-" + n;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
