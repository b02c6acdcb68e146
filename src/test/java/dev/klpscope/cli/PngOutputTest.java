package dev.klpscope.cli;

import dev.klpscope.load.Loading;
import dev.klpscope.report.ReportedPath;
import dev.klpscope.report.image.ReviewImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check --format png}: the window's review image, written headless to a file, never to standard output. */
class PngOutputTest {

    @TempDir
    Path tmp;

    @Test
    void formatPngWithAPlainOutputWritesTheReviewImage() throws IOException {
        Path png = tmp.resolve("review.png");
        CliRun run = CliRun.of("check", Seed.PATCH, Seed.V1, Seed.V2, "--format", "png", "--output", png);
        assertEquals(1, run.exit(), run.err());
        assertEquals("", run.out(), "nothing on standard output");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "a PNG");
        assertTrue(image.getWidth() <= ReviewImage.MAX_WIDTH, "width " + image.getWidth());
        // The same bytes the window saves for the same files, named as the command line names them.
        byte[] expected = ReviewImage.png(Loading.inspect(ReportedPath.of(Seed.PATCH),
                List.of(ReportedPath.of(Seed.V1), ReportedPath.of(Seed.V2)), List.of()));
        assertArrayEquals(expected, Files.readAllBytes(png));
    }

    @Test
    void pngEqualsFileAlongsideTheTextReport() throws IOException {
        Path png = tmp.resolve("r.png");
        CliRun run = CliRun.of("check", Seed.PATCH, Seed.V2, "--output", "png=" + png);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("klpscope "), run.out());
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, java.util.Arrays.copyOf(bytes, 8));
    }

    @Test
    void pngOnStandardOutputIsAUsageError() throws IOException {
        CliRun.of("check", Seed.PATCH, Seed.V2, "--format", "png").assertUnusable("--output");
        CliRun.of("check", Seed.PATCH, Seed.V2, "--output", "png=-").assertUnusable("--output");
        try (var files = Files.list(tmp)) {
            assertFalse(files.findAny().isPresent());
        }
    }
}
