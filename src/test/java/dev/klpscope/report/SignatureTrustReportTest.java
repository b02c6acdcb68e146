package dev.klpscope.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.SignatureSettings;
import dev.klpscope.load.CheckRequest;
import dev.klpscope.load.Loading;
import dev.klpscope.load.Progress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code signature-trust} in the reports: the unsigned Debian patch against Debian's 6.1.0-57 -dbg vmlinux (when
 * cached) and that kernel's own sch_codel.ko, with {@code --sig-enforce}. The JSON lists the finding once per
 * candidate, refused, with the kernel's line (its schema: {@code JsonSchemaTest}); text and Markdown say that line too.
 */
class SignatureTrustReportTest {

    static final Path VMLINUX = Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");
    static final String REJECTED = "Loading of unsigned module is rejected";

    static Inspection enforced() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "Debian -dbg vmlinux 6.1.0-57 not cached");
        CheckRequest request = CheckRequest.of(TestSamples.file("debian/debian_lp.ko"),
                List.of(TestSamples.file("debian/v57/sch_codel.ko"), VMLINUX), List.of());
        return Loading.inspect(request.withSignatures(new SignatureSettings(true, false)), Progress.NONE);
    }

    @Test
    void theJsonCarriesTheRefusalOfEachCandidate() throws IOException {
        String json = Reports.render(enforced(), ReportFormat.JSON);
        List<String> candidates = new ArrayList<>();
        for (JsonNode f : new ObjectMapper().readTree(json).get("findings")) {
            if (f.get("check").asText().equals("signature-trust")) {
                assertEquals("refused", f.get("severity").asText(), f.toString());
                assertEquals(REJECTED, f.get("kernelMessage").asText(), f.toString());
                assertTrue(f.get("target").isNull(), "about the file, not a target: " + f);
                candidates.add(f.get("candidate").asText());
            }
        }
        assertEquals(2, candidates.size(), candidates.toString());
        assertTrue(candidates.stream().anyMatch(c -> c.endsWith("sch_codel.ko")), candidates.toString());
        assertTrue(candidates.stream().anyMatch(c -> c.endsWith("vmlinux")), candidates.toString());
    }

    @Test
    void textAndMarkdownSayTheKernelsLine() {
        Inspection in = enforced();
        for (ReportFormat format : List.of(ReportFormat.TEXT, ReportFormat.MARKDOWN)) {
            String report = Reports.render(in, format);
            assertTrue(report.contains("signature-trust"), format + ":\n" + report);
            assertTrue(report.contains(REJECTED), format + ":\n" + report);
        }
    }
}
