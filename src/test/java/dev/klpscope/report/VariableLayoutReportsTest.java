package dev.klpscope.report;

import dev.klpscope.load.Loading;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.klpscope.SampleFiles;
import dev.klpscope.check.Inspection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code var-layout} findings in every report format, the JSON against docs/klpscope-report.schema.json. */
class VariableLayoutReportsTest {

    static final Path PATCH = SampleFiles.path("kernels/6.12/varlayout/varlayout_lp.ko");
    static final Path V1 = SampleFiles.path("kernels/6.12/varlayout/v1/foo.ko");
    static final Path V2 = SampleFiles.path("kernels/6.12/varlayout/v2/foo.ko");
    static final Path VMLINUX = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"), "vmlinux-6.12.95+deb12-amd64");

    static void validJson(Inspection in) throws IOException {
        try (InputStream s = Files.newInputStream(Path.of("docs", "klpscope-report.schema.json"))) {
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(s);
            List<Error> errors = schema.validate(Reports.render(in, ReportFormat.JSON), InputFormat.JSON);
            assertEquals(List.of(), errors.stream().map(Error::toString).toList());
        }
    }

    @Test
    void theMemberDiffIsInEveryFormat() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        Inspection in = Loading.inspect(PATCH, List.of(V1, V2), List.of(V1), Optional.empty(), false, Optional.of(VMLINUX));
        for (ReportFormat f : List.of(ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.HTML, ReportFormat.JSON)) {
            String out = Reports.render(in, f);
            assertTrue(out.contains("var-layout") && out.contains("offset 0x0 → 0x8"), f + ":\n" + out);
        }
        validJson(in);
    }

    @Test
    void theNoteOfALayoutNotCheckedIsValidJson() throws IOException {
        Inspection in = Loading.inspect(PATCH, List.of(V1, V2), List.of(V1));
        String json = Reports.render(in, ReportFormat.JSON);
        assertTrue(json.contains("layout of variable 'foo_stats' not checked"), json);
        validJson(in);
    }
}
