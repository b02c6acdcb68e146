package dev.klpscope.cli;

import dev.klpscope.report.TestSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code jq} examples of docs/json-format.md, run by jq (installed by .ci/run) on real reports: each lists what
 * fails the default gate, a patch that crashes the kernel by itself (samples/broken/klp-reloc-offset.ko,
 * samples/broken/cases.tsv) as well as a target the kernel refuses (seed_lp2's b on v1, which has no b).
 */
class JsonFormatJqTest {

    @TempDir
    Path tmp;

    /** The programs of the doc's {@code jq -r '...' report.json} lines, each possibly over several lines. */
    static List<String> programs() throws IOException {
        List<String> programs = new ArrayList<>();
        StringBuilder open = null;
        for (String line : Files.readAllLines(Path.of("docs/json-format.md"))) {
            if (open == null && line.startsWith("jq -r '")) {
                open = new StringBuilder();
                line = line.substring("jq -r '".length());
            }
            if (open != null) {
                if (line.endsWith("' report.json")) {
                    programs.add(open.append(line, 0, line.length() - "' report.json".length()).toString());
                    open = null;
                } else {
                    open.append(line).append('\n');
                }
            }
        }
        return programs;
    }

    private List<String> jq(String program, Object... check) throws IOException, InterruptedException {
        CliRun run = CliRun.of(check);
        Path json = tmp.resolve("report.json");
        Files.writeString(json, run.out());
        Process p = new ProcessBuilder("jq", "-r", program, json.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "jq still running");
        assertEquals(0, p.exitValue(), () -> program + "\n" + out);
        return out.lines().toList();
    }

    @Test
    void everyExampleListsTheCrashingPatchFilesOwnFinding() throws Exception {
        List<String> programs = programs();
        assertEquals(2, programs.size(), programs.toString());
        for (String program : programs) {
            List<String> lines = jq(program, "check", TestSamples.file("broken/klp-reloc-offset.ko"),
                    TestSamples.file("seed/v1/foo.ko"), "--format", "json");
            assertEquals(1, lines.size(), () -> program + "\n" + lines);
            assertTrue(lines.get(0).startsWith("crash\t") || lines.get(0).contains("\tcrash\tpatch\t"), lines.get(0));
            assertTrue(lines.get(0).contains("klp-reloc-offset") || lines.get(0).startsWith("klp-reloc-offset-"), lines.get(0));
        }
    }

    @Test
    void theFirstExampleNamesTheRefusedTargetAndItsCandidate() throws Exception {
        List<String> lines = jq(programs().get(0), "check", Seed.PATCH, Seed.V1, Seed.V2, "--format", "json");
        assertEquals(List.of("refused\tfoo:b,0\t" + Seed.named(Seed.V1)), lines);
    }
}
