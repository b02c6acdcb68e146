package dev.klpscope.cli;

import dev.klpscope.SampleFiles;
import dev.klpscope.report.MiniJson;
import dev.klpscope.report.ReportedPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code check --debug-file}: a debug file lends its DWARF to the candidate of its GNU build id and is never a
 * candidate; the report says each candidate's type source. On the seed builds (stripped {@code seed/vN/foo.ko}, the
 * same builds unstripped, an {@code objcopy --only-keep-debug} file of v2) and, when the shared cache holds them,
 * Debian's {@code -dbg} vmlinux files.
 */
class DebugFileOptionTest {

    static final String PATCH = FailOnLevelsTest.SEED_PATCH;
    static final String V1 = reported("seed/v1/foo.ko");
    static final String V2 = reported("seed/v2/foo.ko");
    static final String V2_DEBUG = reported("seed/unstripped/v2/foo.ko");
    static final String V2_SEPARATE = reported("seed/debug/foo.ko.debug.xz");
    static final String LP1_UNSTRIPPED = reported("seed/unstripped/seed_lp1.ko");
    static final Path DBG = Path.of(System.getProperty("klpscope.packages", "/var/cache/klpscope"), "dbg");

    @Test
    void theDebugFileOfACandidatesBuildIdIsItsDwarfAndNeverACandidate() {
        CliRun run = CliRun.of("check", PATCH, V1, V2, "--debug-file", V2_DEBUG, "--format", "json");
        assertEquals("", run.err());
        List<Object> candidates = candidates(run);
        assertEquals(2, candidates.size(), "the debug file is no candidate");
        Map<String, Object> v2 = candidate(candidates, V2);
        Map<String, Object> types = MiniJson.object(v2.get("types"));
        assertEquals("none", types.get("btf"));
        assertEquals("debug-file", types.get("dwarf"));
        assertEquals(V2_DEBUG, types.get("debugFile"));
        Map<String, Object> v1Types = MiniJson.object(candidate(candidates, V1).get("types"));
        assertEquals("none", v1Types.get("dwarf"));
        assertTrue(((String) v1Types.get("described")).startsWith("none found"), v1Types::toString);
    }

    @Test
    void aSeparateDebugFileAmongTheCandidatesIsRecognisedAndPaired() {
        CliRun run = CliRun.of("check", PATCH, V2, V2_SEPARATE);
        assertEquals("", run.err());
        assertTrue(run.out().contains("types: no .BTF; DWARF: debug file " + V2_SEPARATE + " (paired by build id)"), run.out());
        assertFalse(run.out().contains("  " + V2_SEPARATE + "\n"), "not listed as a candidate: " + run.out());
    }

    @Test
    void everyFormatSaysTheTypeSource() {
        String line = "DWARF: debug file " + V2_DEBUG + " (paired by build id)";
        for (String format : List.of("text", "markdown", "html")) {
            CliRun run = CliRun.of("check", PATCH, V2, "--debug-file", V2_DEBUG, "--format", format);
            assertTrue(run.out().contains("types: "), format + ": " + run.out());
            assertTrue(run.out().contains(line), format + ": " + run.out());
        }
    }

    @Test
    void aDebugFileThatPairsWithNothingIsOneWarningNamingIt() {
        CliRun run = CliRun.of("check", PATCH, V1, V2, "--debug-file", LP1_UNSTRIPPED);
        assertEquals(List.of("klpscope: warning: " + LP1_UNSTRIPPED + ": debug file of build id "
                + "63c0a9fd3a5b05312e7cd895aff1d2fc3b43398e pairs with no candidate (none has that build id); not used"),
                run.errLines());
        assertEquals(1, run.exit(), "v1 lacks b: refused, as without the debug file");
    }

    @Test
    void aFileThatIsNoDebugFileIsBadInputNamingIt() throws IOException {
        // A stripped module is no debug file (the same file given as a candidate too is just that candidate).
        CliRun.of("check", PATCH, V2, "--debug-file", V1).assertUnusable(V1 + ": has no DWARF");
        CliRun.of("check", PATCH, V2, "--debug-file", "/nonexistent/foo.ko.debug").assertUnusable("/nonexistent/foo.ko.debug");
        Path readme = ReportedPath.of(SampleFiles.path("README.md"));
        assumeTrue(Files.isRegularFile(readme));
        CliRun.of("check", PATCH, V2, "--debug-file", readme).assertUnusable(readme + ": not an ELF file");
    }

    /** Debian's -dbg vmlinux of 6.1.0-57 as the candidate, -56's as a debug file: BTF and DWARF its own; one warning. */
    @Test
    void debianDbgVmlinuxCarriesItsOwnTypesAndAnotherAbisPairsWithNothing() {
        Path v57 = DBG.resolve("6.1.0-57/vmlinux");
        Path v56 = DBG.resolve("6.1.0-56/vmlinux");
        assumeTrue(Files.isRegularFile(v57) && Files.isRegularFile(v56), "no -dbg vmlinux in " + DBG);
        CliRun run = CliRun.of("check", SampleFiles.path("debian/debian_lp.ko"), SampleFiles.path("debian/v57/sch_codel.ko"),
                v57, "--debug-file", v56, "--debug-file", v57, "--format", "json");
        // Build ids read with readelf -n.
        assertEquals(List.of("klpscope: warning: " + v56 + ": debug file of build id "
                + "eb4fbcd037e7253717950bf2b93bd5566f47c56f pairs with no candidate (none has that build id); not used"),
                run.errLines());
        List<Object> candidates = candidates(run);
        assertEquals(2, candidates.size());
        Map<String, Object> vmlinux = MiniJson.object(candidate(candidates, v57.toString()).get("types"));
        assertEquals("own", vmlinux.get("btf"));
        assertEquals("own", vmlinux.get("dwarf"), "its own DWARF comes first, the same file given as --debug-file or not");
        Map<String, Object> codel = MiniJson.object(candidate(candidates, reported("debian/v57/sch_codel.ko")).get("types"));
        assertEquals("split", codel.get("btf"));
        assertEquals(v57.toString(), codel.get("btfBase"));
        assertEquals("none", codel.get("dwarf"));
    }

    /**
     * Debian's -dbg vmlinux of 6.1.0-57 with its DWARF stripped ({@code objcopy --strip-debug}: symbols, BTF and build
     * id kept, as a vmlinux built without the -dbg copy is) as the candidate: the -dbg vmlinux given as its debug
     * file is its DWARF.
     */
    @Test
    void aVmlinuxWithoutDwarfGetsThatOfTheDbgVmlinuxOfItsBuild(@TempDir Path tmp) throws Exception {
        Path v57 = DBG.resolve("6.1.0-57/vmlinux");
        assumeTrue(Files.isRegularFile(v57), "no -dbg vmlinux in " + DBG);
        Path stripped = tmp.resolve("vmlinux");
        Process p;
        try {
            p = new ProcessBuilder("objcopy", "--strip-debug", v57.toString(), stripped.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "no objcopy: " + e.getMessage());
            return;
        }
        assertEquals(0, p.waitFor(), "objcopy --strip-debug");
        CliRun run = CliRun.of("check", SampleFiles.path("vmlinux/vmlinux_lp.ko"), stripped, "--debug-file", v57,
                "--format", "json");
        assertEquals("", run.err());
        List<Object> candidates = candidates(run);
        assertEquals(1, candidates.size());
        Map<String, Object> types = MiniJson.object(MiniJson.object(candidates.get(0)).get("types"));
        assertEquals("own", types.get("btf"));
        assertEquals("debug-file", types.get("dwarf"));
        assertEquals(v57.toString(), types.get("debugFile"));
    }

    /** A sample as reports name it (relative to the working directory). */
    private static String reported(String sample) {
        return ReportedPath.of(SampleFiles.path(sample)).toString();
    }

    private static List<Object> candidates(CliRun run) {
        return MiniJson.array(MiniJson.object(MiniJson.parse(run.out())).get("candidates"));
    }

    private static Map<String, Object> candidate(List<Object> candidates, String path) {
        return candidates.stream().map(MiniJson::object).filter(c -> path.equals(c.get("path"))).findFirst()
                .orElseThrow(() -> new AssertionError("no candidate " + path + " in " + candidates));
    }
}
