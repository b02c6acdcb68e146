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

    /**
     * Debian's {@code -dbg} tree alone ({@code usr/lib/debug/lib/modules/R/…/foo.ko}, the unstripped copy of the
     * shipped build) beside the shipped module named directly: the copy has the candidate's build id, so it is its
     * debug file, not a second candidate (which, having DWARF, was also taken as the inferred baseline); the same
     * whether the tree is given from its top or from {@code usr/lib/debug/lib/modules/R}.
     */
    @Test
    void debiansDbgTreeAloneLendsItsCopyToTheModuleNamedDirectly() throws IOException {
        Path root = tmp.resolve("dbg");
        Path debug = put(root, "usr/lib/debug/lib/modules/" + RELEASE + "/extra/foo.ko", "seed/unstripped/v2/foo.ko");
        String expected = "DWARF: debug file " + ReportedPath.of(debug) + " (paired by build id)";
        assertTypes(root, expected, SampleFiles.path("seed/v2/foo.ko").toString());
        assertTypes(root.resolve("usr/lib/debug/lib/modules/" + RELEASE), expected, SampleFiles.path("seed/v2/foo.ko").toString());
    }

    /**
     * The same on Debian's real {@code linux-image-6.1.0-57-amd64-dbg} tree in the shared cache (skipped without it):
     * {@code samples/debian/v57/sch_codel.ko} is the only candidate, with the tree's unstripped copy as its debug file.
     */
    @Test
    void debiansRealDbgTreeIsTheDebugFileOfTheShippedModule() {
        Path tree = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"), "dbg/6.1.0-57/debug-modules");
        Path copy = tree.resolve("usr/lib/debug/lib/modules/6.1.0-57-amd64/kernel/net/sched/sch_codel.ko");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(copy), "no 6.1.0-57 -dbg tree in the cache");
        for (Path root : List.of(tree, tree.resolve("usr/lib/debug/lib/modules/6.1.0-57-amd64"))) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Cli.run(new String[] {"check", SampleFiles.path("debian/debian_lp.ko").toString(),
                    SampleFiles.path("debian/v57/sch_codel.ko").toString(), "--kernels", root.toString()},
                    new PrintWriter(out, true), new PrintWriter(err, true));
            assertEquals(0, exit, err::toString);
            assertEquals("", err.toString(), "no ambiguous baseline, no unpaired debug file");
            List<String> types = out.toString().lines().filter(l -> l.strip().startsWith("types: ")).toList();
            assertEquals(1, types.size(), out::toString);
            assertTrue(types.get(0).endsWith("DWARF: debug file " + copy + " (paired by build id)"), types.get(0));
        }
    }

    /** With no candidate of its build id, the {@code -dbg} copy is still a candidate (Debian ships vmlinux only so). */
    @Test
    void aDbgCopyOfNoCandidatesBuildIsStillACandidate() throws IOException {
        Path root = tmp.resolve("dbg");
        Path debug = put(root, "usr/lib/debug/lib/modules/" + RELEASE + "/extra/foo.ko", "seed/unstripped/v2/foo.ko");
        assertTypes(root, "DWARF: own .debug_info");
        StringWriter out = new StringWriter();
        String v1 = SampleFiles.path("seed/v1/foo.ko").toString();
        int exit = Cli.run(new String[] {"check", PATCH.toString(), v1, "--baseline", v1, "--kernels", root.toString()},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(1, exit, "v1 has no b: refused"); // beside the point, but the copy is checked as a candidate
        List<String> types = out.toString().lines().map(String::strip).filter(l -> l.startsWith("types: ")).toList();
        assertEquals(2, types.size(), out::toString);
        assertEquals(1, types.stream().filter(t -> t.endsWith("DWARF: own .debug_info")).count(), out::toString);
        assertTrue(out.toString().contains("\n  i info      " + ReportedPath.of(debug) + "\n"), out::toString);
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
