package dev.klpscope.cli;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --fail-on} takes every severity but ok, and the patch file's own findings count like any other. */
class FailOnLevelsTest {

    /** A relocation far beyond .text: the lint says the kernel writes outside the section (crash), no target breaks. */
    static final String CRASHING_PATCH = SampleFiles.path("broken/klp-reloc-offset.ko").toString();
    static final String SEED_PATCH = SampleFiles.path("seed/seed_lp2.ko").toString();
    static final String FOO_V1 = SampleFiles.path("seed/v1/foo.ko").toString();
    static final String FOO_V2 = SampleFiles.path("seed/v2/foo.ko").toString();

    @Test
    void crashThresholdPassesARefusalAndFailsACrash() {
        // seed v1 lacks 'b': refused, which is not a crash
        assertEquals(0, CliRun.of("check", SEED_PATCH, FOO_V1, "--fail-on", "crash").exit());
        assertEquals(1, CliRun.of("check", CRASHING_PATCH, FOO_V1, "--fail-on", "crash").exit());
    }

    @Test
    void infoThresholdFailsOnInfoOnly() {
        // v1 next to v2 adds an info (another build id than the baseline's); v2 alone is all ok
        CliRun info = CliRun.of("check", SEED_PATCH, FOO_V2, FOO_V1, "--fail-on", "info", "--baseline", FOO_V2);
        assertEquals(1, info.exit(), info.err());
        CliRun ok = CliRun.of("check", SEED_PATCH, FOO_V2, "--fail-on", "info");
        assertTrue(ok.out().contains("Worst: ✓ ok"), ok.out());
        assertEquals(0, ok.exit(), ok.err());
    }

    @Test
    void unknownLevelListsEveryLevel() {
        CliRun run = CliRun.of("check", SEED_PATCH, FOO_V1, "--fail-on", "ok").assertUnusable("--fail-on");
        assertTrue(run.err().contains("crash, refused, silent, risk, warn, info or never"), run.err());
    }

    /** The crash sits in the patch file, on no target: the summary must not read "0 breaking" and nothing else. */
    @Test
    void summaryCountsThePatchFilesOwnBreakingFindings() {
        CliRun run = CliRun.of("check", CRASHING_PATCH, FOO_V1);
        assertTrue(run.out().contains("0 breaking, 0 unchecked; the patch file itself: 1 breaking finding"), run.out());
        assertEquals(1, run.exit());
    }
}
