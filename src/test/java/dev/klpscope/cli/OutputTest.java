package dev.klpscope.cli;

import dev.klpscope.report.TestSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --output}: the same report as stdout, written atomically, never over an input. */
class OutputTest {

    @TempDir
    Path tmp;

    private static final Path PATCH = TestSamples.file("seed/seed_lp2.ko");
    private static final Path V1 = TestSamples.file("seed/v1/foo.ko");
    private static final Path V2 = TestSamples.file("seed/v2/foo.ko");

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTheSameReportAsStdoutAndLeavesNoTemporaryFile() throws IOException {
        Path out = tmp.resolve("report.json");
        CliRun toFile = CliRun.of("check", PATCH, V1, V2, "--format", "json", "--output", out);
        CliRun toStdout = CliRun.of("check", PATCH, V1, V2, "--format", "json");
        assertEquals(1, toFile.exit(), toFile.err());
        assertEquals("", toFile.out(), "nothing on stdout when --output is given");
        assertEquals(toStdout.out(), Files.readString(out));
        assertEquals(List.of("report.json"), listing());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    }

    @Test
    void replacesAnExistingFileWhole() throws IOException {
        Path out = tmp.resolve("report.md");
        Files.writeString(out, "old content that is longer than nothing ".repeat(1000));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-rw----"));
        CliRun run = CliRun.of("check", PATCH, V2, "--format", "markdown", "--output", out);
        assertEquals(0, run.exit(), run.err());
        String written = Files.readString(out);
        assertTrue(written.startsWith("## klpscope"), written);
        assertTrue(!written.contains("old content"));
        assertEquals(List.of("report.md"), listing());
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)), "keeps the mode");
    }

    @Test
    void leavesTheOldFileAloneWhenTheInputIsUnusable() throws IOException {
        Path out = tmp.resolve("report.txt");
        Files.writeString(out, "previous report");
        Path bad = tmp.resolve("bad.ko");
        Files.writeString(bad, "not ELF");
        CliRun.of("check", bad, V1, "--output", out).assertUnusable(bad.toString());
        assertEquals("previous report", Files.readString(out));
        assertEquals(List.of("bad.ko", "report.txt"), listing());
    }

    @Test
    void refusesToOverwriteAnInput() throws IOException {
        Path patch = Files.copy(PATCH, tmp.resolve("lp.ko"));
        Path cand = Files.copy(V1, tmp.resolve("foo.ko"));
        Path base = Files.copy(V2, tmp.resolve("base.ko"));
        byte[] before = Files.readAllBytes(cand);
        CliRun.of("check", patch, cand, "--output", patch).assertUnusable("--output names an input");
        CliRun.of("check", patch, cand, "--output", cand).assertUnusable(cand.toString());
        CliRun.of("check", patch, cand, "--baseline", base, "--output", base).assertUnusable(base.toString());
        // The same file under another name: a relative detour and a symbolic link.
        Path detour = tmp.resolve("sub/../foo.ko");
        Files.createDirectory(tmp.resolve("sub"));
        CliRun.of("check", patch, cand, "--output", detour).assertUnusable("--output names an input");
        Path link = Files.createSymbolicLink(tmp.resolve("link.ko"), cand);
        CliRun.of("check", patch, cand, "--output", link).assertUnusable("--output names an input");
        assertArrayEquals(before, Files.readAllBytes(cand));
        assertArrayEquals(Files.readAllBytes(PATCH), Files.readAllBytes(patch));
        assertArrayEquals(Files.readAllBytes(V2), Files.readAllBytes(base));
    }

    @Test
    void refusesADirectoryOrAMissingDirectory() {
        CliRun.of("check", PATCH, V1, "--output", tmp).assertUnusable(tmp.toString());
        Path nowhere = tmp.resolve("no/such/dir/report.txt");
        CliRun.of("check", PATCH, V1, "--output", nowhere).assertUnusable("does not exist");
    }
}
