package dev.klpscope.load;

import dev.klpscope.SampleFiles;
import dev.klpscope.cli.Cli;
import dev.klpscope.report.ReportedPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tree laid out as a distribution installs kernels and their debug files (an installed system, or the contents of
 * a {@code -dbg} / {@code debuginfo} package), given to {@code check --kernels}: the shipped module is the candidate;
 * Debian's unstripped copy under {@code usr/lib/debug/lib/modules}, RPM's {@code .ko.debug} and the
 * {@code usr/lib/debug/.build-id} links are debug files paired by build id, never candidates. Built in a temporary
 * folder from the seed builds: {@code seed/v2/foo.ko} (stripped, as shipped), {@code seed/unstripped/v2/foo.ko} (the
 * same build with its DWARF) and {@code seed/debug/foo.ko.debug.xz} ({@code objcopy --only-keep-debug} of it).
 */
class DebugFilesInTreesTest {

    static final String RELEASE = "6.1.0-57-amd64";
    static final String V2_ID = "484cbc38a2647bbbc8e4edec2a48bef6cca2e65e";
    static final Path PATCH = SampleFiles.path("seed/seed_lp2.ko");

    @TempDir
    Path tmp;

    @Test
    void debiansUnstrippedCopyIsADebugFileOfTheShippedModule() throws IOException {
        Path root = tree("lib/modules/" + RELEASE + "/extra/foo.ko", "seed/v2/foo.ko");
        Path debug = put(root, "usr/lib/debug/lib/modules/" + RELEASE + "/extra/foo.ko", "seed/unstripped/v2/foo.ko");
        KernelCandidates found = KernelCandidates.find(List.of("foo"), List.of(root), true);
        assertEquals(List.of(), found.problems());
        assertEquals(List.of(CandidateInput.Kind.OBJECT, CandidateInput.Kind.DEBUG_FILE),
                found.candidates().stream().map(CandidateInput::kind).toList());
        assertEquals(ReportedPath.of(debug), found.candidates().get(1).path());
        assertTypes(root, "DWARF: debug file " + ReportedPath.of(debug) + " (paired by build id)");
    }

    @Test
    void anRpmDebuginfoKoDebugIsADebugFile() throws IOException {
        Path root = tree("lib/modules/" + RELEASE + "/extra/foo.ko", "seed/v2/foo.ko");
        Path debug = root.resolve("usr/lib/debug/lib/modules/" + RELEASE + "/extra/foo.ko.debug");
        Files.createDirectories(debug.getParent());
        Files.write(debug, separateDebugFile());
        assertTypes(root, "DWARF: debug file " + ReportedPath.of(debug) + " (paired by build id)");
    }

    @Test
    void theBuildIdFolderIsLookedUpForTheCandidatesId() throws IOException {
        Path root = tree("lib/modules/" + RELEASE + "/extra/foo.ko", "seed/v2/foo.ko");
        Path debug = root.resolve("usr/lib/debug/.build-id/" + V2_ID.substring(0, 2) + "/" + V2_ID.substring(2) + ".debug");
        Files.createDirectories(debug.getParent());
        Files.write(debug, separateDebugFile());
        KernelCandidates found = KernelCandidates.find(List.of("foo"), List.of(root), true);
        assertEquals(List.of(CandidateInput.Kind.OBJECT, CandidateInput.Kind.BUILD_ID_FOLDER),
                found.candidates().stream().map(CandidateInput::kind).toList());
        assertTypes(root, "DWARF: debug file " + ReportedPath.of(debug) + " (paired by build id)");
    }

    /** {@code /usr/lib/debug} of a system with no module in it: no warning that it holds none of the patch's objects. */
    @Test
    void aTreeOfDebugFilesOnlyServesACandidateNamedDirectly() throws IOException {
        Path root = tmp.resolve("usr/lib/debug");
        Path debug = root.resolve(".build-id/" + V2_ID.substring(0, 2) + "/" + V2_ID.substring(2) + ".debug");
        Files.createDirectories(debug.getParent());
        Files.write(debug, separateDebugFile());
        assertTypes(root, "DWARF: debug file " + ReportedPath.of(debug) + " (paired by build id)",
                SampleFiles.path("seed/v2/foo.ko").toString());
    }

    /** The candidate line of the text report of {@code check seed_lp2.ko [CANDIDATE] --kernels root}, with no warning. */
    private void assertTypes(Path root, String expected, String... candidates) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("check", PATCH.toString(), "--kernels", root.toString()));
        args.addAll(List.of(candidates));
        int exit = Cli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, exit, err::toString);
        assertEquals("", err.toString());
        List<String> types = out.toString().lines().filter(l -> l.strip().startsWith("types: ")).toList();
        assertEquals(1, types.size(), "one candidate: " + out);
        assertTrue(types.get(0).endsWith(expected), types.get(0));
    }

    /** seed/debug/foo.ko.debug.xz decompressed, as a debuginfo package ships it. */
    private static byte[] separateDebugFile() throws IOException {
        try (InputStream in = new XZInputStream(Files.newInputStream(SampleFiles.path("seed/debug/foo.ko.debug.xz")))) {
            return in.readAllBytes();
        }
    }

    private Path tree(String member, String sample) throws IOException {
        Path root = tmp.resolve("root");
        put(root, member, sample);
        return root;
    }

    private static Path put(Path root, String member, String sample) throws IOException {
        Path p = root.resolve(member);
        Files.createDirectories(p.getParent());
        Files.copy(SampleFiles.path(sample), p);
        return p;
    }
}
