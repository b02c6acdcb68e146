package dev.klpscope.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.load.Loading;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vmlinux sample patch against Debian's 6.1.0-57 vmlinux known from its System.map + Module.symvers (the
 * committed excerpt, {@code samples/sysmap}) and against the vmlinux with symbols of the same build: every report
 * says, per check, what the map could not judge, and JSON names the symbol source and the checks not made.
 */
class SystemMapReportsTest {

    static final Path MAP = TestSamples.file("sysmap/6.1.0-57-amd64/System.map-6.1.0-57-amd64");
    static final Path ELF = TestSamples.file("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz");

    static Inspection inspection() {
        return Loading.inspect(TestSamples.file("vmlinux/vmlinux_lp.ko"), List.of(MAP, ELF), List.of());
    }

    /** The findings that say what the map did not judge. */
    static List<Finding> notJudged(Inspection in) {
        List<Finding> out = new ArrayList<>();
        in.candidates().forEach(c -> c.findings().stream().filter(f -> f instanceof Finding.SymbolsOnly).forEach(out::add));
        in.targets().forEach(t -> t.verdicts().forEach(v -> v.findings().stream()
                .filter(f -> f instanceof Finding.NotJudged).forEach(out::add)));
        return out;
    }

    @Test
    void textMarkdownAndHtmlSayEveryCheckNotJudged() {
        Inspection in = inspection();
        List<Finding> said = notJudged(in);
        assertTrue(said.size() >= 6, "vmlinux-source and the per-target checks: " + said);
        assertTrue(said.stream().anyMatch(f -> f.check().equals("ftrace-location")), said.toString());
        for (ReportFormat format : List.of(ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.HTML)) {
            String report = Reports.render(in, format);
            for (Finding f : said) {
                // as each format writes text: HTML escapes the quote, Markdown the underscore (else emphasis)
                String message = switch (format) {
                    case HTML -> f.message().replace("'", "&#39;");
                    case MARKDOWN -> f.message().replace("_", "\\_");
                    default -> f.message();
                };
                assertTrue(report.contains(message), format + " says: " + message);
            }
        }
    }

    @Test
    void jsonNamesTheSymbolSourceAndTheChecksNotMadeAndMatchesTheSchema() throws IOException {
        String json = Reports.render(inspection(), ReportFormat.JSON);
        Schema schema = JsonSchemaTest.schema();
        assertEquals(List.of(), schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(json);
        JsonNode map = null;
        JsonNode elf = null;
        for (JsonNode c : root.get("candidates")) {
            if (c.get("path").asText().endsWith("System.map-6.1.0-57-amd64")) {
                map = c;
            } else {
                elf = c;
            }
        }
        assertEquals("system-map", map.get("symbolSource").asText());
        List<String> ids = new ArrayList<>();
        map.get("notJudged").forEach(n -> ids.add(n.asText()));
        assertTrue(ids.containsAll(List.of("ftrace-location", "patched-func-changed", "var-size-section")), ids.toString());
        assertFalse(ids.contains("crc-match"), "Module.symvers was beside the map: " + ids);
        assertEquals("elf", elf.get("symbolSource").asText());
        assertEquals(0, elf.get("notJudged").size());
        // a System.map has no sizes: null, not 0 bytes
        int unknown = 0;
        for (JsonNode t : root.get("targets")) {
            for (JsonNode v : t.get("verdicts")) {
                for (JsonNode s : v.get("symbols")) {
                    boolean fromMap = v.get("candidate").asText().equals(map.get("path").asText());
                    assertEquals(fromMap, s.get("size").isNull(), v.get("candidate") + " " + s);
                    unknown += fromMap ? 1 : 0;
                }
            }
        }
        assertTrue(unknown > 0);
        ((ObjectNode) root.at("/candidates/0")).remove("symbolSource");
        assertFalse(schema.validate(mapper.writeValueAsString(root), InputFormat.JSON).isEmpty(), "symbolSource is required");
    }
}
