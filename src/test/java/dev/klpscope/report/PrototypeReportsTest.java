package dev.klpscope.report;

import dev.klpscope.SampleFiles;
import dev.klpscope.check.Inspection;
import dev.klpscope.load.Loading;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code func-prototype} findings of the proto sample (samples/kernels/6.12/proto; PrototypeSampleTest holds the
 * verdicts against the 6.12 recording) in every report format, both prototypes written out (the HTML escapes the
 * quotes around the name); the JSON valid against docs/klpscope-report.schema.json.
 */
class PrototypeReportsTest {

    static final String DIR = "kernels/6.12/proto/";
    static final Path V1 = SampleFiles.path(DIR + "v1/foo.ko");
    static final Path V2 = SampleFiles.path(DIR + "v2/foo.ko");

    static Inspection inspect(String patch) {
        Assumptions.assumeTrue(Files.isRegularFile(VariableLayoutReportsTest.VMLINUX), "no 6.12 vmlinux in the cache");
        return Loading.inspect(SampleFiles.path(DIR + patch), List.of(V1, V2), List.of(V1), Optional.empty(), false,
                Optional.of(VariableLayoutReportsTest.VMLINUX));
    }

    @Test
    void theCalledFunctionsPrototypesAreInEveryFormat() throws IOException {
        Inspection in = inspect("proto_call_lp.ko");
        for (ReportFormat f : List.of(ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.HTML, ReportFormat.JSON)) {
            String out = Reports.render(in, f);
            assertTrue(out.contains("func-prototype") && out.contains("scale") && out.contains(", which the patch refers to,")
                    && out.contains("int (int base, int x)") && out.contains("int (int x)"), f + ":\n" + out);
        }
        VariableLayoutReportsTest.validJson(in);
    }

    @Test
    void theJsonCarriesBothPrototypesOfTheReplacedFunction() throws IOException {
        Inspection in = inspect("proto_repl_lp.ko");
        String json = Reports.render(in, ReportFormat.JSON);
        assertTrue(json.contains("\"referencePrototype\": \"int (int num, int den)\"")
                && json.contains("\"candidatePrototype\": \"long int (long int den, long int num)\""), json);
        String finding = json.substring(json.lastIndexOf('{', json.indexOf("\"check\": \"func-prototype\"")));
        assertTrue(finding.indexOf("\"severity\": \"silent\"") < finding.indexOf('}'), finding);
        assertEquals(1, json.split("\"id\": \"func-prototype-", -1).length - 1, "ratio on v2 only: " + json);
        for (ReportFormat f : List.of(ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.HTML)) {
            String out = Reports.render(in, f);
            assertTrue(out.contains("ratio") && out.contains(", which the patch replaces,") && out.contains("int (int num, int den)")
                    && out.contains("long int (long int den, long int num)"), f + ":\n" + out);
        }
        VariableLayoutReportsTest.validJson(in);
    }
}
