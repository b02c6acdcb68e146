package dev.klpscope.check;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The baseline is the candidate the files say the patch was built against, whatever the order given; equal
 * evidence is said to be ambiguous. Expected CRCs are read with readelf from the files' {@code __versions}.
 */
class BaselineEvidenceTest {

    static CandidateInfo candidate(Inspection in, Path p) {
        return in.candidate(p.toString()).orElseThrow(() -> new AssertionError("no candidate " + p));
    }

    @Test
    void theBuildWhoseExportedCrcMatchesIsTheBaselineInEitherOrder() {
        Path patch = SampleFiles.path("crc/crc_lp.ko");
        Path v1 = SampleFiles.path("crc/v1/bar.ko");
        Path v2 = SampleFiles.path("crc/v2/bar.ko");
        for (List<Path> order : List.of(List.of(v1, v2), List.of(v2, v1))) {
            Inspection in = Loading.inspect(patch, order, List.of());
            assertTrue(candidate(in, v1).baseline(), "v1 exports bar_scale with the CRC in crc_lp's __versions: " + order);
            assertFalse(candidate(in, v2).baseline());
            assertFalse(candidate(in, v1).baselineAmbiguous());
            assertTrue(candidate(in, v1).baselineReason().contains("agrees best"), candidate(in, v1).baselineReason());
        }
    }

    @Test
    void equalEvidenceIsAmbiguousAndTheChoiceDoesNotDependOnOrder() {
        Path patch = SampleFiles.path("sympos/sympos_lp.ko");
        Path v1 = SampleFiles.path("sympos/v1/foo.ko");
        Path v3 = SampleFiles.path("sympos/v3/foo.ko");
        Inspection a = Loading.inspect(patch, List.of(v1, v3), List.of());
        Inspection b = Loading.inspect(patch, List.of(v3, v1), List.of());
        for (Inspection in : List.of(a, b)) {
            // same vermagic, no export of foo's in the patch's __versions: nothing in the files tells them apart
            assertTrue(candidate(in, v1).baselineAmbiguous());
            assertTrue(candidate(in, v3).baselineAmbiguous());
            // but helper,2 is beta.c's helper in v1 and gamma.c's in v3: one of them is a silent break, whichever
            Finding tie = tie(in, v1);
            assertEquals(Severity.SILENT, tie.severity());
            assertTrue(tie.message().contains("helper,2"), tie.message());
            assertEquals(tie, tie(in, v3));
        }
        assertEquals(candidate(a, v1).baseline(), candidate(b, v1).baseline());
        assertEquals(candidate(a, v3).baseline(), candidate(b, v3).baseline());
        for (Path p : List.of(v1, v3)) {
            assertEquals(ScenarioVerdictsTest.worstFor(a, p.toString()), ScenarioVerdictsTest.worstFor(b, p.toString()));
        }
    }

    private static Finding tie(Inspection in, Path p) {
        return candidate(in, p).findings().stream().filter(f -> f.check().equals("baseline")).findFirst().orElseThrow();
    }

    /** The tie finding of {@code scenario}'s v1 when checked with v1 and v2 (v2 given first). */
    private static Finding tieOfV1(String scenario, String patch) {
        Path v1 = SampleFiles.path(scenario + "/v1/foo.ko");
        Path v2 = SampleFiles.path(scenario + "/v2/foo.ko");
        return tie(Loading.inspect(SampleFiles.path(scenario + "/" + patch), List.of(v2, v1), List.of()), v1);
    }

    /** changed: compute() is 22 bytes in v1 and 68 in v2 (readelf); one of the two has it changed since the patch. */
    @Test
    void tiedBuildsThatDifferInAReplacedFunctionAreAtRisk() {
        Finding tie = tieOfV1("changed", "changed_lp.ko");
        assertEquals(Severity.RISK, tie.severity());
        assertTrue(tie.message().contains("compute,0"), tie.message());
    }

    /** multiobj: foo v1 and v2 are built from the same source; only their build ids differ. */
    @Test
    void tiedBuildsThatAgreeOnEveryTargetOnlyWarn() {
        assertEquals(Severity.WARN, tieOfV1("multiobj", "multiobj_lp.ko").severity());
    }

    /** livepatch-sample patches vmlinux only: two builds of another module tie, and nothing depends on it. */
    @Test
    void aTieInAnObjectThePatchHasNoTargetInIsNoFinding() {
        Path v1 = SampleFiles.path("upstream/6.1/v1/livepatch-shadow-mod.ko");
        Path v2 = SampleFiles.path("upstream/6.1/v2/livepatch-shadow-mod.ko");
        Inspection in = Loading.inspect(SampleFiles.path("upstream/6.1/livepatch-sample.ko"), List.of(v2, v1), List.of());
        for (Path p : List.of(v1, v2)) {
            assertFalse(candidate(in, p).baselineAmbiguous(), candidate(in, p).findings().toString());
        }
        assertTrue(candidate(in, v1).baseline() || candidate(in, v2).baseline());
    }

    @Test
    void aGivenBaselineIsNeverAmbiguous() {
        Path patch = SampleFiles.path("sympos/sympos_lp.ko");
        Path v1 = SampleFiles.path("sympos/v1/foo.ko");
        Path v3 = SampleFiles.path("sympos/v3/foo.ko");
        Inspection in = Loading.inspect(patch, List.of(v3), List.of(v1));
        assertTrue(candidate(in, v1).baseline());
        assertFalse(candidate(in, v3).baselineAmbiguous());
        assertEquals(Severity.SILENT, ScenarioVerdictsTest.worstFor(in, v3.toString()));
    }

    /**
     * Debian's sch_codel of 6.1.0-56 (the package, cached by apt-get download + dpkg -x) and of 6.1.0-57 (committed):
     * both resolve debian_lp's targets and import module_layout etc. with the same CRCs (readelf: 0x9060323f in
     * both __versions); only 57's vermagic is the patch's. 56 is listed first and still is not the baseline.
     */
    @Test
    void equalCrcsAreDecidedByVermagic() {
        Path v56 = Path.of("/var/cache/klpscope/linux-image-6.1.0-56-amd64/lib/modules/6.1.0-56-amd64/kernel/net/sched/sch_codel.ko");
        Assumptions.assumeTrue(Files.isRegularFile(v56), "Debian linux-image-6.1.0-56-amd64 not extracted in the cache");
        Path v57 = SampleFiles.path("debian/v57/sch_codel.ko");
        Inspection in = Loading.inspect(SampleFiles.path("debian/debian_lp.ko"), List.of(v56, v57), List.of());
        assertTrue(candidate(in, v57).baseline(), candidate(in, v57).baselineReason());
        assertFalse(candidate(in, v57).baselineAmbiguous());
        assertTrue(candidate(in, v57).baselineReason().contains("next:") && candidate(in, v57).baselineReason()
                .contains("other vermagic"), candidate(in, v57).baselineReason());
    }

    /** Debian's own 6.1 vmlinux builds (cached, not committed): the patch's ABI wins over an older one listed first. */
    @Test
    void realVmlinuxBuildsAreChosenByTheirCrcs() {
        Path v57 = Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");
        Path v47 = Path.of("/var/cache/klpscope/dbg/6.1.0-47/vmlinux");
        Assumptions.assumeTrue(Files.isRegularFile(v57) && Files.isRegularFile(v47), "Debian -dbg vmlinux not cached");
        Path patch = SampleFiles.path("upstream/6.1/test_klp_atomic_replace.ko");
        Inspection in = Loading.inspect(patch, List.of(v47, v57), List.of());
        assertTrue(candidate(in, v57).baseline(), candidate(in, v57).baselineReason());
        assertFalse(candidate(in, v57).baselineAmbiguous());
        // readelf -n: the GNU build id note is in .notes, after Xen's notes
        assertEquals("6a2b4ac77585b8cf102cba771300e573c8489b69", candidate(in, v57).buildId());
        // strings: "Linux version 6.1.0-57-amd64 (debian-kernel@lists.debian.org) ... #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3"
        assertEquals("6.1.0-57-amd64", candidate(in, v57).release());
        assertEquals("6.1.0-47-amd64", candidate(in, v47).release());
        // the kernel's own vermagic[] (51 bytes in .rodata)
        assertEquals("6.1.0-57-amd64 SMP preempt mod_unload modversions ", candidate(in, v57).vermagic());
        List<Finding> on47 = candidate(in, v47).findings();
        assertEquals("module-layout", on47.stream().filter(f -> f.severity() == Severity.REFUSED).findFirst().orElseThrow().check(),
                "check_modstruct_version refuses before anything else: " + on47);
        assertTrue(candidate(in, v57).findings().stream().noneMatch(f -> f.check().equals("module-layout")));
    }
}
