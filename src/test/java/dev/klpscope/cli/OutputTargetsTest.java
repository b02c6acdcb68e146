package dev.klpscope.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.klpscope.cli.Seed.PATCH;
import static dev.klpscope.cli.Seed.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code --output} to things that are not plain files: written straight through and never replaced (a FIFO, a
 * character device, {@code /dev/stdout}), followed (a symbolic link), or standard output ({@code -}). Every special
 * file here is one the test makes itself; the real {@code /dev/null} is never written.
 */
class OutputTargetsTest {

    @TempDir
    Path tmp;


    /** File type bits of st_mode (inode(7)): S_IFIFO, S_IFCHR. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;

    private static String report() {
        CliRun run = CliRun.of("check", PATCH, V2, "--format", "json");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("\"seed_lp2\""), run.out());
        return run.out();
    }

    static void make(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), () -> String.join(" ", command) + ": " + out);
    }

    static int fileType(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT;
    }

    @Test
    void aFifoIsWrittenThroughAndStaysAFifo() throws Exception {
        Path fifo = tmp.resolve("report.fifo");
        make("mkfifo", fifo.toString());
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                return "(read failed: " + e + ")";
            }
        });
        CliRun run = CliRun.of("check", PATCH, V2, "--format", "json", "--output", fifo);
        String read;
        try {
            read = reader.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            try (OutputStream unblock = Files.newOutputStream(fifo)) {
                read = "(nothing was written to the FIFO)";
            }
        }
        assertEquals(0, run.exit(), run.err());
        assertEquals(S_IFIFO, fileType(fifo), "still a FIFO");
        assertEquals(report(), read);
        assertEquals(List.of("report.fifo"), listing());
    }

    @Test
    void aCharacterDeviceIsWrittenThroughAndStaysADevice() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mknod needs root");
        Path dev = tmp.resolve("null");
        make("mknod", "-m", "666", dev.toString(), "c", "1", "3"); // the null device's numbers, a node of our own
        assumeTrue(isWritable(dev), "the temporary directory's file system allows device nodes");
        CliRun run = CliRun.of("check", PATCH, V2, "--format", "json", "--output", dev);
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.out());
        assertEquals(S_IFCHR, fileType(dev), "still a character device");
        assertEquals(List.of("null"), listing());
    }

    @Test
    void aSymbolicLinkIsFollowedAndStaysALink() throws IOException {
        Path real = Files.writeString(tmp.resolve("real.json"), "old");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-rw----"));
        Path link = Files.createSymbolicLink(tmp.resolve("link.json"), Path.of("real.json"));
        CliRun run = CliRun.of("check", PATCH, V2, "--format", "json", "--output", link);
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.isSymbolicLink(link), "still a link");
        assertEquals(Path.of("real.json"), Files.readSymbolicLink(link));
        assertEquals(report(), Files.readString(real));
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)), "keeps the mode");
        // a dangling link: the file is made where it points
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.json"), Path.of("new.json"));
        assertEquals(0, CliRun.of("check", PATCH, V2, "--format", "json", "--output", dangling).exit());
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals(report(), Files.readString(tmp.resolve("new.json")));
        assertEquals(List.of("dangling.json", "link.json", "new.json", "real.json"), listing());
    }

    @Test
    void aDashIsStandardOutput() {
        Path dash = Path.of("-");
        assumeTrue(!Files.exists(dash, LinkOption.NOFOLLOW_LINKS), "no file named '-' in the working directory");
        try {
            CliRun run = CliRun.of("check", PATCH, V2, "--format", "json", "--output", "-");
            assertEquals(0, run.exit(), run.err());
            assertEquals(report(), run.out());
            assertFalse(Files.exists(dash, LinkOption.NOFOLLOW_LINKS), "no file named '-'");
        } finally {
            try {
                Files.deleteIfExists(dash);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    /**
     * {@code /dev/stdout} when standard output is a pipe, as in CI: the report goes down the pipe. First through a
     * link of the test's own with the same shape ({@code -> /proc/self/fd/1}), then the real one, which stays a link.
     */
    @Test
    void devStdoutIsThePipe() throws IOException, InterruptedException {
        Path own = Files.createSymbolicLink(tmp.resolve("stdout"), Path.of("/proc/self/fd/1"));
        for (Path stdout : List.of(own, Path.of("/dev/stdout"))) {
            ChildJvm run = ChildJvm.run("check", PATCH.toString(), V2.toString(), "--format", "json", "--output",
                    stdout.toString());
            assertEquals(0, run.exit(), run.err());
            assertEquals(report(), run.out(), stdout.toString());
            assertTrue(Files.isSymbolicLink(stdout), () -> stdout + " is still a link");
        }
        assertEquals(List.of("stdout"), listing());
    }

    @Test
    void showWritesThroughTheSameWay() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("listing.txt"), Path.of("real.txt"));
        CliRun run = CliRun.of("show", PATCH, "--output", link);
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.out());
        assertEquals(CliRun.of("show", PATCH).out(), Files.readString(tmp.resolve("real.txt")));
        assertTrue(Files.isSymbolicLink(link));
        CliRun.of("show", PATCH, "--output", PATCH).assertUnusable("--output names an input");
    }

    private static boolean isWritable(Path dev) {
        try (OutputStream o = Files.newOutputStream(dev)) {
            o.write('\n');
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<String> listing() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
