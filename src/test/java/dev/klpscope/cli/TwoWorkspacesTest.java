package dev.klpscope.cli;

import dev.klpscope.report.TestSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same samples copied to two workspaces, each checked from its own directory with absolute paths into it (what
 * a CI job's {@code $PWD/...} gives): the reports, ids and anchors included, are byte for byte the same in every
 * format, and name no workspace.
 */
class TwoWorkspacesTest {

    @TempDir
    Path tmp;

    @Test
    void reportsFromTwoWorkspacesAreIdentical() throws Exception {
        Path a = copySamples(tmp.resolve("one"));
        Path b = copySamples(tmp.resolve("other-workspace"));
        for (String format : List.of("text", "markdown", "html", "json")) {
            ChildJvm fromA = check(a, format);
            ChildJvm fromB = check(b, format);
            assertEquals(1, fromA.exit(), () -> format + ": seed_lp2 is refused by foo v1; stderr: " + fromA.err());
            assertFalse(fromA.out().isBlank(), format);
            assertTrue(fromA.out().contains("seed/v1/foo.ko"), () -> format + " names the candidate relatively:\n" + fromA.out());
            assertFalse(fromA.out().contains(tmp.toString()), () -> format + " names the workspace:\n" + fromA.out());
            assertEquals(fromA.out(), fromB.out(), format);
            assertEquals(fromA.err(), fromB.err(), format);
        }
    }

    @Test
    void aPathOutsideTheWorkingDirectoryIsKeptAsGiven() throws Exception {
        Path a = copySamples(tmp.resolve("inside"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        ChildJvm run = ChildJvm.runIn(elsewhere, new byte[0], "check", "--format", "json",
                a.resolve("seed/seed_lp2.ko").toString(), a.resolve("seed/v2/foo.ko").toString());
        assertEquals(0, run.exit(), run::err);
        assertTrue(run.out().contains("\"" + a.resolve("seed/v2/foo.ko") + "\""), run::out);
    }

    private static ChildJvm check(Path workspace, String format) throws IOException, InterruptedException {
        return ChildJvm.runIn(workspace, new byte[0], "check", "--format", format,
                "--baseline", workspace.resolve("seed/v2/foo.ko").toString(),
                workspace.resolve("seed/seed_lp2.ko").toString(),
                workspace.resolve("seed/v1/foo.ko").toString());
    }

    private static Path copySamples(Path to) throws IOException {
        List<Path> files;
        Path from = TestSamples.dir().resolve("seed");
        try (Stream<Path> s = Files.walk(from)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile).toList());
        }
        for (Path f : files) {
            Path dest = to.resolve("seed").resolve(from.relativize(f).toString());
            Files.createDirectories(dest.getParent());
            Files.copy(f, dest);
        }
        return to;
    }
}
