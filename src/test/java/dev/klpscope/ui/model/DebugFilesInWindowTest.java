package dev.klpscope.ui.model;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.TypeSourceInfo;
import dev.klpscope.cli.Cli;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.Reports;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debug files dropped on the window (or found in a dropped package or tree) are never candidates: they lend their
 * DWARF to the candidate of their build id, as {@code check --debug-file} does, with the same report. On the seed
 * builds: stripped {@code seed/vN/foo.ko}, {@code seed/debug/foo.ko.debug.xz} ({@code objcopy --only-keep-debug}
 * of the unstripped v2).
 */
class DebugFilesInWindowTest {

    static final Path PATCH = Path.of("samples/seed/seed_lp2.ko");
    static final Path V1 = Path.of("samples/seed/v1/foo.ko");
    static final Path V2 = Path.of("samples/seed/v2/foo.ko");
    static final Path V2_DEBUG = Path.of("samples/seed/debug/foo.ko.debug.xz");

    @Test
    void aDroppedDebugFileIsPairedNotAdded() {
        Session s = new Session();
        s.open(PATCH, List.of(V1, V2), Progress.NONE);
        Outcome o = s.drop(List.of(V2_DEBUG), Progress.NONE);
        assertTrue(o.changed(), o.problems()::toString);
        assertEquals(List.of(), o.problems());
        assertEquals("Added 1 debug file", o.done());
        assertEquals(2, o.workspace().candidates().size(), "no third candidate");
        CandidateInfo v2 = o.inspection().orElseThrow().candidate(V2.toString()).orElseThrow();
        TypeSourceInfo types = v2.types().orElseThrow();
        assertEquals(TypeSourceInfo.DwarfKind.DEBUG_FILE, types.dwarf());
        assertEquals(V2_DEBUG.toString(), types.debugFile());
        assertEquals(TypeSourceInfo.DwarfKind.NONE,
                o.inspection().orElseThrow().candidate(V1.toString()).orElseThrow().types().orElseThrow().dwarf());
        assertTrue(o.workspace().inputPaths().contains(V2_DEBUG.toString()), "exports never overwrite a debug file");
    }

    @Test
    void aDebugFileDroppedBeforeItsCandidatePairsWhenTheCandidateComes() {
        Session s = new Session();
        s.open(PATCH, List.of(V1), Progress.NONE);
        Outcome early = s.drop(List.of(V2_DEBUG), Progress.NONE);
        assertEquals(1, early.problems().size(), early.problems()::toString);
        assertTrue(early.problems().get(0).startsWith(V2_DEBUG + ": debug file of build id "), early.problems()::toString);
        Outcome later = s.addCandidates(List.of(V2), Progress.NONE);
        assertEquals(List.of(), later.problems(), "said once, when it was added");
        assertEquals(TypeSourceInfo.DwarfKind.DEBUG_FILE, later.inspection().orElseThrow().candidate(V2.toString())
                .orElseThrow().types().orElseThrow().dwarf());
    }

    @Test
    void theWindowReportsWhatCheckDebugFileReports() throws IOException {
        Session s = new Session();
        Outcome o = s.open(PATCH, List.of(V1, V2, V2_DEBUG), Progress.NONE);
        assertEquals(List.of(), o.problems());
        String window = Reports.render(o.inspection().orElseThrow(), ReportFormat.JSON, o.gate(), s.settings().suppressions());
        StringWriter out = new StringWriter();
        Cli.run(new String[] {"check", "--format", "json", PATCH.toString(), V1.toString(), V2.toString(),
                "--debug-file", V2_DEBUG.toString()}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(out.toString().strip(), window.strip());
        assertTrue(window.contains("\"debugFile\": \"" + V2_DEBUG + "\""), window);
    }
}
