package dev.klpscope.cli;

import dev.klpscope.report.MiniJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.klpscope.cli.Seed.PATCH;
import static dev.klpscope.cli.Seed.V1;
import static dev.klpscope.cli.Seed.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Repeatable {@code --output FORMAT=FILE}: one run, several formats, each the same as that format alone. */
class MultipleOutputsTest {

    @TempDir
    Path tmp;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesEveryFormatAsASingleRunWouldAndTheFormatOptionToStdout() throws IOException {
        Path json = tmp.resolve("report.json");
        Path md = tmp.resolve("review.md");
        Path html = tmp.resolve("report.html");
        CliRun run = CliRun.of("check", PATCH, V1, V2, "--output", "json=" + json, "--output", "markdown=" + md,
                "--output", "html=" + html, "--format", "github");
        assertEquals(1, run.exit(), run.err());
        for (String format : List.of("json", "markdown", "html", "github")) {
            CliRun alone = CliRun.of("check", PATCH, V1, V2, "--format", format);
            assertEquals(1, alone.exit());
            String written = switch (format) {
                case "json" -> Files.readString(json);
                case "markdown" -> Files.readString(md);
                case "html" -> Files.readString(html);
                default -> run.out();
            };
            assertEquals(alone.out(), written, format);
        }
        assertTrue(run.out().startsWith("::error "), run.out());
        assertEquals("seed_lp2", MiniJson.object(MiniJson.object(MiniJson.parse(Files.readString(json))).get("patch")).get("name"));
        assertEquals(List.of("report.html", "report.json", "review.md"), listing());
    }

    @Test
    void aPlainOutputTakesTheFormatOptionsReportOffStdout() throws IOException {
        Path text = tmp.resolve("report.txt");
        Path brief = tmp.resolve("brief.txt");
        CliRun run = CliRun.of("check", PATCH, V2, "--output", text, "--output", "BRIEF=" + brief);
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.out());
        assertEquals(CliRun.of("check", PATCH, V2).out(), Files.readString(text));
        assertEquals(CliRun.of("check", PATCH, V2, "--format", "brief").out(), Files.readString(brief));
    }

    @Test
    void aFormatToStdoutReplacesTheFormatOption() {
        CliRun run = CliRun.of("check", PATCH, V2, "--output", "json=-");
        assertEquals(0, run.exit(), run.err());
        assertEquals(CliRun.of("check", PATCH, V2, "--format", "json").out(), run.out());
    }

    @Test
    void showWritesTextAndJsonFromOneRun() throws IOException {
        Path json = tmp.resolve("show.json");
        Path text = tmp.resolve("show.txt");
        CliRun run = CliRun.of("show", PATCH, "--output", "json=" + json, "--output", "text=" + text);
        assertEquals(0, run.exit(), run.err());
        assertEquals(CliRun.of("show", PATCH).out(), run.out());
        assertEquals(run.out(), Files.readString(text));
        assertEquals(CliRun.of("show", PATCH, "--format", "json").out(), Files.readString(json));
        MiniJson.parse(Files.readString(json));
    }

    @Test
    void anUnknownFormatIsAUsageErrorAndNothingIsWritten() throws IOException {
        Path json = tmp.resolve("r.json");
        CliRun.of("check", PATCH, V1, "--output", "json=" + json, "--output", "jsn=" + tmp.resolve("x.json"))
                .assertUnusable("'jsn' is not a format");
        CliRun.of("show", PATCH, "--output", "markdown=" + tmp.resolve("x.md")).assertUnusable("text or json");
        CliRun.of("check", PATCH, V1, "--output", "json=").assertUnusable("no file name");
        assertEquals(List.of(), listing());
    }

    @Test
    void twoOutputsToOneFileAreAUsageError() throws IOException {
        Path out = tmp.resolve("r.txt");
        CliRun.of("check", PATCH, V1, "--output", "json=" + out, "--output", "markdown=" + out)
                .assertUnusable("same file");
        CliRun.of("check", PATCH, V1, "--output", out, "--output", "json=" + tmp.resolve("sub/../r.txt"))
                .assertUnusable("same file");
        Files.writeString(out, "kept");
        Path link = Files.createSymbolicLink(tmp.resolve("link.txt"), out);
        CliRun.of("check", PATCH, V1, "--output", "json=" + out, "--output", "html=" + link).assertUnusable("same file");
        CliRun.of("check", PATCH, V1, "--output", "json=-", "--output", "-").assertUnusable("same file");
        assertEquals("kept", Files.readString(out));
    }

    @Test
    void aFormatWordWithADirectoryIsAFileName() throws IOException {
        Files.createDirectory(tmp.resolve("a=b"));
        Path out = tmp.resolve("a=b/report.txt");
        CliRun run = CliRun.of("check", PATCH, V2, "--output", out);
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.readString(out).startsWith("klpscope "));
    }

    @Test
    void anOutputThatIsAnInputIsRefusedWhateverItsFormat() {
        CliRun.of("check", PATCH, V1, "--output", "json=" + tmp.resolve("ok.json"), "--output", "html=" + V1)
                .assertUnusable("--output names an input");
    }
}
