package dev.klpscope.report;

import dev.klpscope.load.Loading;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON report of every sample scenario against the schema shipped in docs/, and the flat findings' ids. */
class JsonSchemaTest {

    private static final Path SCHEMA = Path.of("docs", "klpscope-report.schema.json");

    static Schema schema() throws IOException {
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        }
    }

    private static String json(Path patch, List<Path> candidates) {
        return Reports.render(Loading.inspect(patch, candidates, List.of()), ReportFormat.JSON);
    }

    @Test
    void everySampleScenarioMatchesTheSchema() throws IOException {
        Schema schema = schema();
        Map<Path, List<Path>> byPatch = TestSamples.candidatesByPatch();
        assertTrue(byPatch.size() >= 10, () -> "samples/scenarios.tsv lists " + byPatch.size() + " patches");
        int findings = 0;
        for (Map.Entry<Path, List<Path>> e : byPatch.entrySet()) {
            String json = json(e.getKey(), e.getValue());
            List<Error> errors = schema.validate(json, InputFormat.JSON);
            assertEquals(List.of(), errors.stream().map(Error::toString).toList(), e.getKey().toString());
            findings += MiniJson.array(MiniJson.object(MiniJson.parse(json)).get("findings")).size();
        }
        assertTrue(findings > byPatch.size(), "the flat findings lists are filled: " + findings);
    }

    /** The schema is not a rubber stamp: a report missing any required field, or with a wrong type, fails it. */
    @Test
    void aMissingRequiredFieldFailsTheSchema() throws IOException {
        Schema schema = schema();
        String json = json(TestSamples.file("seed/seed_lp2.ko"),
                List.of(TestSamples.file("seed/v1/foo.ko"), TestSamples.file("seed/v2/foo.ko")));
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(List.of(), schema.validate(json, InputFormat.JSON));
        for (String[] cut : List.of(new String[]{"", "formatVersion"}, new String[]{"/summary", "worst"},
                new String[]{"/findings/0", "id"}, new String[]{"/findings/0", "kernelMessage"},
                new String[]{"/targets/0/verdicts/0", "candidate"}, new String[]{"/candidates/0", "path"},
                new String[]{"/patch/findings", null})) {
            JsonNode root = mapper.readTree(json);
            JsonNode parent = root.at(cut[0]);
            assertFalse(parent.isMissingNode(), cut[0]);
            if (cut[1] == null) {
                ((ObjectNode) root.at("/patch")).put("findings", "none");
            } else {
                assertTrue(parent.has(cut[1]), cut[0] + "/" + cut[1]);
                ((ObjectNode) parent).remove(cut[1]);
            }
            assertFalse(schema.validate(mapper.writeValueAsString(root), InputFormat.JSON).isEmpty(),
                    () -> "the schema accepts a report without " + String.join("/", cut[0], String.valueOf(cut[1])));
        }
    }

    /** The gate's fields come together or not at all. */
    @Test
    void theGateFieldsComeTogether() throws IOException {
        Schema schema = schema();
        var in = Loading.inspect(TestSamples.file("seed/seed_lp2.ko"), List.of(TestSamples.file("seed/v1/foo.ko")), List.of());
        String gated = Reports.render(in, ReportFormat.JSON, java.util.Optional.of(new GateOutcome("warn", true)));
        assertEquals(List.of(), schema.validate(gated, InputFormat.JSON));
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(gated);
        assertEquals("warn", root.at("/summary/failOn").asText());
        ((ObjectNode) root.at("/summary")).remove("failed");
        assertFalse(schema.validate(mapper.writeValueAsString(root), InputFormat.JSON).isEmpty(), "failOn without failed");
    }

    /** Candidates of three kernel builds (samples/README.md, "Newer kernels"): the matrix and each build match the schema. */
    @Test
    void theMatrixOfSeveralBuildsMatchesTheSchema() throws IOException {
        Schema schema = schema();
        String json = json(TestSamples.file("seed/seed_lp1.ko"), List.of(TestSamples.file("seed/v1/foo.ko"),
                TestSamples.file("kernels/6.12/seed/v1/foo.ko"), TestSamples.file("kernels/7.3/seed/v1/foo.ko")));
        assertEquals(List.of(), schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList());
        ObjectMapper mapper = new ObjectMapper();
        for (String[] cut : List.of(new String[]{"/matrix", "rows"}, new String[]{"/matrix/rows/0", "runs"},
                new String[]{"/candidates/0", "kernelBuild"}, new String[]{"/candidates/0/kernelBuild", "flavour"})) {
            JsonNode root = mapper.readTree(json);
            assertTrue(root.at(cut[0]).has(cut[1]), cut[0] + "/" + cut[1]);
            ((ObjectNode) root.at(cut[0])).remove(cut[1]);
            assertFalse(schema.validate(mapper.writeValueAsString(root), InputFormat.JSON).isEmpty(),
                    () -> "the schema accepts a report without " + cut[0] + "/" + cut[1]);
        }
    }

    /** Unused --accept ids and --ignore rules are listed in the summary, each as the schema describes it. */
    @Test
    void unusedSuppressionsAreListedAsTheSchemaSays() throws IOException {
        Schema schema = schema();
        var in = Loading.inspect(TestSamples.file("seed/seed_lp2.ko"), List.of(TestSamples.file("seed/v1/foo.ko")), List.of());
        Suppressions unused = new Suppressions(List.of(new Suppressions.Accepted("vermagic-0123456789ab", "accepted.txt", 7)),
                List.of(Suppressions.Ignore.parse("vermagic:foo")));
        String json = Reports.render(in, ReportFormat.JSON, java.util.Optional.of(new GateOutcome("silent", true)), unused);
        assertEquals(List.of(), schema.validate(json, InputFormat.JSON));
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root = mapper.readTree(json);
        assertEquals("[{\"option\":\"accept\",\"rule\":\"vermagic-0123456789ab\",\"file\":\"accepted.txt\",\"line\":7},"
                        + "{\"option\":\"ignore\",\"rule\":\"vermagic:foo\",\"file\":null,\"line\":null}]",
                mapper.writeValueAsString(root.at("/summary/unusedSuppressions")));
        assertEquals(0, mapper.readTree(Reports.render(in, ReportFormat.JSON)).at("/summary/unusedSuppressions").size(),
                "none without rules");
        ((ObjectNode) root.at("/summary/unusedSuppressions/0")).put("option", "baseline");
        assertFalse(schema.validate(mapper.writeValueAsString(root), InputFormat.JSON).isEmpty(), "an unknown option");
        ((ObjectNode) root.at("/summary")).remove("unusedSuppressions");
        assertFalse(schema.validate(mapper.writeValueAsString(root), InputFormat.JSON).isEmpty(), "no unusedSuppressions");
    }

    /** {@code signature-trust} refusals (a -dbg vmlinux candidate, when cached, with --sig-enforce) as the schema says. */
    @Test
    void aSignatureRefusalMatchesTheSchema() throws IOException {
        String json = Reports.render(SignatureTrustReportTest.enforced(), ReportFormat.JSON);
        assertEquals(List.of(), schema().validate(json, InputFormat.JSON).stream().map(Error::toString).toList());
        List<JsonNode> found = new ArrayList<>();
        new ObjectMapper().readTree(json).get("findings").forEach(f -> {
            if (f.get("check").asText().equals("signature-trust")) {
                found.add(f);
            }
        });
        assertEquals(2, found.size(), "one per candidate: " + found);
    }

    /** Ids depend on what a finding is about, never on the order candidates are given in; none repeats. */
    @Test
    void findingIdsAreUniqueAndIndependentOfCandidateOrder() {
        for (Map.Entry<Path, List<Path>> e : TestSamples.candidatesByPatch().entrySet()) {
            List<Path> reversed = new ArrayList<>(e.getValue());
            java.util.Collections.reverse(reversed);
            List<String> ids = ids(json(e.getKey(), e.getValue()));
            assertEquals(ids.size(), new HashSet<>(ids).size(), () -> e.getKey() + ": repeated id in " + ids);
            assertEquals(Set.copyOf(ids), Set.copyOf(ids(json(e.getKey(), reversed))), e.getKey().toString());
        }
    }

    private static List<String> ids(String json) {
        return MiniJson.array(MiniJson.object(MiniJson.parse(json)).get("findings")).stream()
                .map(f -> (String) MiniJson.object(f).get("id")).toList();
    }
}
