package dev.klpscope.cli;

import dev.klpscope.load.Loading;
import dev.klpscope.report.ReportedPath;
import dev.klpscope.report.image.ReviewImage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Standard output takes one report: two outputs to it ({@code -} and {@code /dev/stdout}, a {@code FORMAT=-} beside
 * an explicit {@code --format}, or {@code /dev/stdout} beside the {@code --format} report that goes to {@code -}) are a
 * usage error like two outputs to one file, never one silently dropped or two interleaved. An image goes to a piped
 * standard output ({@code -} is standard output), never to a terminal.
 */
class StdoutOutputsTest {

    private static final String PATCH = Seed.PATCH.toString();
    private static final String V2 = Seed.V2.toString();

    @Test
    void aFormatToStdoutBesideAnExplicitFormatIsAUsageError() {
        CliRun.of("check", PATCH, V2, "--output", "json=-", "--format", "brief")
                .assertUnusable("--format brief and --output json=- both ask for standard output");
        CliRun.of("show", PATCH, "--output", "json=-", "--format", "text")
                .assertUnusable("--format text and --output json=- both ask for standard output");
    }

    @Test
    void theSameFormatBothWaysIsOneReport() {
        CliRun run = CliRun.of("check", PATCH, V2, "--output", "json=-", "--format", "json");
        assertEquals(0, run.exit(), run.err());
        assertEquals(CliRun.of("check", PATCH, V2, "--format", "json").out(), run.out());
    }

    @Test
    void dashAndDevStdoutAreOneFile() {
        CliRun.of("check", PATCH, V2, "--output", "json=-", "--output", "/dev/stdout").assertUnusable("same file");
        CliRun.of("check", PATCH, V2, "--output", "-", "--output", "brief=/dev/fd/1").assertUnusable("same file");
        // the --format report goes to standard output (-) when no plain --output takes it
        CliRun.of("check", PATCH, V2, "--output", "json=/dev/stdout").assertUnusable("same file");
    }

    @Test
    void anImageGoesDownAPipedStandardOutput() throws IOException, InterruptedException {
        ChildJvm run = ChildJvm.run("check", PATCH, V2, "--format", "png", "--output", "-");
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.err());
        byte[] expected = ReviewImage.png(Loading.inspect(ReportedPath.of(Seed.PATCH), List.of(ReportedPath.of(Seed.V2)),
                List.of()));
        assertArrayEquals(expected, run.outBytes());
        ChildJvm named = ChildJvm.run("check", PATCH, V2, "--output", "png=-");
        assertEquals(0, named.exit(), named.err());
        assertArrayEquals(expected, named.outBytes());
    }
}
