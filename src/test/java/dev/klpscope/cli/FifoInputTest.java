package dev.klpscope.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.klpscope.cli.Seed.PATCH;
import static dev.klpscope.cli.Seed.V1;
import static dev.klpscope.cli.Seed.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs that are streams, not files: a FIFO (what {@code <(...)} gives) and {@code /dev/stdin} fed by a pipe. They
 * are read once into memory and give the same report as the file they carry. A FIFO opened a second time (a reader
 * that looks at a file's first bytes before reading it) blocks for good: each test fails after a minute instead.
 */
@org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class FifoInputTest {

    @TempDir
    Path tmp;


    /** A FIFO of the test's own with a writer that feeds it {@code file} once. */
    static Feed fifoCarrying(Path dir, String name, Path file) throws IOException, InterruptedException {
        Path fifo = dir.resolve(name);
        OutputTargetsTest.make("mkfifo", fifo.toString());
        byte[] bytes = Files.readAllBytes(file);
        return new Feed(fifo, CompletableFuture.runAsync(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(bytes);
            } catch (IOException e) {
                // the reader stopped early (the bound test): nothing to feed any more
            }
        }));
    }

    /** A FIFO and its writer; {@link #close()} unblocks a writer whose FIFO was never opened. */
    record Feed(Path fifo, CompletableFuture<Void> writer) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                writer.get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                try (InputStream drain = Files.newInputStream(fifo)) {
                    drain.readAllBytes();
                }
                throw new AssertionError(fifo + " was never read");
            }
        }
    }

    @Test
    void aFifoPatchAndCandidateGiveTheFilesReport() throws Exception {
        String expected = candidateIds(CliRun.of("check", PATCH, V1, V2, "--format", "json").out()
                .replace(Seed.named(PATCH), "PATCH").replace(Seed.named(V1), "V1"));
        CliRun run;
        try (Feed patch = fifoCarrying(tmp, "patch", PATCH); Feed v1 = fifoCarrying(tmp, "v1", V1)) {
            run = CliRun.of("check", patch.fifo(), v1.fifo(), V2, "--format", "json");
        }
        assertEquals(1, run.exit(), run.err());
        assertTrue(expected.contains("\"refused\""), expected);
        assertEquals(expected, candidateIds(run.out().replace(tmp.resolve("patch").toString(), "PATCH")
                .replace(tmp.resolve("v1").toString(), "V1")));
    }

    /** Candidate and finding ids are made from paths, which differ here by design. */
    private static String candidateIds(String json) {
        return json.replaceAll("\"c-[a-z0-9-]+\"", "\"c-ID\"").replaceAll("\"([a-z0-9-]+)-[0-9a-f]{12}\"", "\"$1-ID\"");
    }

    @Test
    void aFifoPatchIsShownAsTheFile() throws Exception {
        String expected = CliRun.of("show", PATCH, "--format", "json").out().replace(Seed.named(PATCH), "PATCH");
        CliRun run;
        try (Feed patch = fifoCarrying(tmp, "patch", PATCH)) {
            run = CliRun.of("show", patch.fifo(), "--format", "json");
        }
        assertEquals(0, run.exit(), run.err());
        assertTrue(expected.contains("seed_lp2"), expected);
        assertEquals(expected, run.out().replace(tmp.resolve("patch").toString(), "PATCH"));
    }

    @Test
    void aStreamGivenTwiceIsRefusedRatherThanWaitedFor() throws Exception {
        try (Feed patch = fifoCarrying(tmp, "patch", PATCH)) {
            CliRun.of("check", patch.fifo(), V1, "--baseline", patch.fifo())
                    .assertUnusable("a stream can be read only once");
            try (InputStream drain = Files.newInputStream(patch.fifo())) {
                drain.readAllBytes(); // this test's reader, so that the writer finishes
            }
        }
    }

    @Test
    void devStdinFromAPipe() throws Exception {
        String expected = CliRun.of("show", PATCH, "--format", "json").out().replace(Seed.named(PATCH), "PATCH");
        ChildJvm run = ChildJvm.run(Files.readAllBytes(PATCH), "show", "/dev/stdin", "--format", "json");
        assertEquals(0, run.exit(), run.err());
        assertEquals(expected, run.out().replace("/dev/stdin", "PATCH"));
    }
}
