package dev.klpscope.cli;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gate must not pass quietly on a run that checked less than it seems to: another object's build, the patch given
 * as its own candidate, one object of a multi-object patch. Each is said on stderr and in the report, counted as
 * unchecked targets, and fails {@code --require-all-objects}.
 */
class UncheckedObjectsTest {

    static final String SEED_PATCH = FailOnLevelsTest.SEED_PATCH;
    static final String MULTI_PATCH = SampleFiles.path("multiobj/multiobj_lp.ko").toString();
    static final String MULTI_FOO = SampleFiles.path("multiobj/v1/foo.ko").toString();
    static final String MULTI_BAR = SampleFiles.path("multiobj/v1/bar.ko").toString();

    /** seed_lp2 patches foo (b and c); crc's bar.ko is a build of bar. */
    @Test
    void anotherObjectsCandidateIsSaidAndCounted() {
        CliRun run = CliRun.of("check", SEED_PATCH, SampleFiles.path("crc/v1/bar.ko"));
        assertTrue(run.err().contains("the patch has no object named 'bar' (its objects: foo)"), run.err());
        assertTrue(run.err().contains("no candidate was given for object 'foo': 2 targets are not checked"), run.err());
        assertTrue(run.out().contains("0 breaking, 2 unchecked"), run.out());
        assertEquals(0, run.exit(), "nothing reaches silent: " + run.err());
        CliRun gate = CliRun.of("check", SEED_PATCH, SampleFiles.path("crc/v1/bar.ko"), "--require-all-objects");
        assertEquals(1, gate.exit(), gate.err());
        assertTrue(gate.out().contains("2 targets are not checked (--require-all-objects)"), gate.out());
    }

    @Test
    void thePatchAsItsOwnCandidateIsNamedAsSuch() {
        CliRun run = CliRun.of("check", SEED_PATCH, SEED_PATCH, "--format", "json");
        assertTrue(run.err().contains("is the livepatch itself (module seed_lp2)"), run.err());
        assertTrue(run.out().contains("is the livepatch itself (module seed_lp2)"), "the report says it too");
        assertEquals(1, CliRun.of("check", SEED_PATCH, SEED_PATCH, "--require-all-objects").exit());
    }

    /** multiobj_lp patches foo and bar, two targets each. */
    @Test
    void oneObjectOfSeveralLeavesTheOtherUnchecked() {
        CliRun run = CliRun.of("check", MULTI_PATCH, MULTI_FOO);
        assertTrue(run.err().contains("no candidate was given for object 'bar': 2 targets are not checked"), run.err());
        assertTrue(run.out().contains("0 breaking, 2 unchecked"), run.out());
        assertEquals(0, run.exit(), run.err());
        assertEquals(1, CliRun.of("check", MULTI_PATCH, MULTI_FOO, "--require-all-objects").exit());
        CliRun both = CliRun.of("check", MULTI_PATCH, MULTI_FOO, MULTI_BAR, "--require-all-objects");
        assertEquals(0, both.exit(), both.err());
        assertEquals("", both.err());
        assertTrue(both.out().contains("0 breaking, 0 unchecked"), both.out());
    }

    /** No candidate: the patch file alone, judged by --fail-on; its targets unchecked, and nothing said on stderr. */
    @Test
    void checkWithoutCandidatesLintsThePatchAlone() {
        CliRun clean = CliRun.of("check", SEED_PATCH);
        assertEquals(0, clean.exit(), clean.err());
        assertEquals("", clean.err());
        assertTrue(clean.out().contains("0 breaking, 2 unchecked"), clean.out());
        assertTrue(clean.out().contains("Candidates: none (the patch file is checked alone)"), clean.out());
        CliRun crash = CliRun.of("check", FailOnLevelsTest.CRASHING_PATCH);
        assertEquals(1, crash.exit(), crash.err());
        assertTrue(crash.out().contains("klp-reloc-offset"), crash.out());
        assertEquals(0, CliRun.of("check", FailOnLevelsTest.CRASHING_PATCH, "--fail-on", "never").exit());
    }

    @Test
    void showExitsByFailOn() {
        assertEquals(1, CliRun.of("show", FailOnLevelsTest.CRASHING_PATCH).exit());
        assertEquals(0, CliRun.of("show", FailOnLevelsTest.CRASHING_PATCH, "--fail-on", "never").exit());
        CliRun clean = CliRun.of("show", SEED_PATCH, "--fail-on", "info");
        assertEquals(0, clean.exit(), clean.err());
        assertTrue(clean.out().contains("seed_lp2"), clean.out());
    }
}
