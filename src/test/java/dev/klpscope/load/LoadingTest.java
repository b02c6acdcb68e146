package dev.klpscope.load;

import dev.klpscope.SampleFiles;
import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Inspection;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.Reports;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loading service both front ends use: one decision of what a livepatch is, candidates' origin, cancellation. */
class LoadingTest {

    private static final String NOT_A_LIVEPATCH = "is not a livepatch";

    private static List<Path> sampleModules() throws IOException {
        try (Stream<Path> files = Files.walk(SampleFiles.root())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".ko")).sorted().toList();
        }
    }

    /**
     * Every module in samples/ (livepatches of all three function-list layouts, candidates, the broken corpus): what
     * the window makes of a dropped file is what the command line makes of it as the patch. A livepatch opens as the
     * patch in both; a module that is none is a candidate in the window and "is not a livepatch" on the command line;
     * a file neither can read is refused by both with the same line.
     */
    @Test
    void theWindowAndTheCommandLineAgreeOnWhatALivepatchIs() throws IOException {
        List<Path> modules = sampleModules();
        assertTrue(modules.size() > 200, "samples/ has its modules: " + modules.size());
        int patches = 0;
        int candidates = 0;
        for (Path p : modules) {
            LoadedFile window = Loading.classify(p, Optional.empty());
            String cli;
            try {
                Loading.readPatch(p, Optional.empty());
                cli = "patch";
            } catch (MalformedInputException e) {
                cli = e.getMessage().contains(NOT_A_LIVEPATCH) ? "candidate" : "unusable: " + e.getMessage();
            }
            String seen = window instanceof LoadedFile.Patch ? "patch" : window instanceof LoadedFile.Candidate ? "candidate"
                    : "unusable: " + ((LoadedFile.Unusable) window).problem();
            assertEquals(cli, seen, p.toString());
            patches += seen.equals("patch") ? 1 : 0;
            candidates += seen.equals("candidate") ? 1 : 0;
        }
        assertTrue(patches > 50 && candidates > 20, patches + " patches, " + candidates + " candidates");
    }

    /** A file that is not a kernel object is named in one line; the window keeps going. */
    @Test
    void aFileThatIsNoModuleIsUnusableWithItsName() {
        Path tsv = SampleFiles.path("scenarios.tsv");
        LoadedFile f = Loading.classify(tsv, Optional.empty());
        LoadedFile.Unusable u = assertInstanceOf(LoadedFile.Unusable.class, f);
        assertTrue(u.problem().startsWith(tsv.toString()), u.problem());
    }

    /**
     * The seam for candidates found in packages: a candidate carries where it was found, and that is its build's
     * {@code package} in JSON and the name it is reported by; the analysis itself is the same as for the file named directly.
     */
    @Test
    void aCandidatesOriginIsReportedWithItsBuild() {
        Path patch = SampleFiles.path("seed/seed_lp1.ko");
        Path foo = SampleFiles.path("kernels/6.12/seed/v1/foo.ko");
        String deb = "linux-image-6.12.95+deb12-amd64_6.12.95-1~bpo12+1_amd64.deb";
        Inspection found = Loading.inspect(new CheckRequest(patch, List.of(CandidateInput.from(foo, deb)), List.of(),
                Optional.empty(), false, Optional.empty()), Progress.NONE);
        Inspection named = Loading.inspect(patch, List.of(foo), List.of());
        // Reported as where it was found (a copy extracted into the cache is never named by its cache path).
        assertTrue(found.candidate(foo.toString()).isEmpty());
        CandidateInfo c = found.candidate(deb).orElseThrow();
        assertEquals(deb, c.origin());
        assertEquals(Reports.render(named, ReportFormat.TEXT), Reports.render(found, ReportFormat.TEXT).replace(deb, foo.toString()));
        String json = Reports.render(found, ReportFormat.JSON);
        assertTrue(json.contains("\"package\": \"" + deb + "\"") || json.contains("\"package\":\"" + deb + "\""), json);
    }

    /** Progress names each file; an interrupted job stops between files instead of reading the rest. */
    @Test
    void progressNamesEachFileAndAnInterruptStopsBetweenFiles() {
        List<Path> files = List.of(SampleFiles.path("seed/v1/foo.ko"), SampleFiles.path("seed/v2/foo.ko"));
        List<String> said = new ArrayList<>();
        Loading.classify(files, Optional.empty(), (message, fraction) -> said.add(message));
        assertEquals(List.of("Reading foo.ko…", "Reading foo.ko…", "Read 2 files"), said);
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class, () -> Loading.classify(files, Optional.empty(), Progress.NONE));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is left for the job's owner to see");
        }
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
