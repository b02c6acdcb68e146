package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one implementation of short candidate labels (window columns, review image, reports). */
class CandidateLabelsTest {

    @Test
    void fourDebugVmlinuxFilesAreNamedByTheFolderThatDiffers() {
        List<String> paths = List.of("6.1.0-47", "6.1.0-50", "6.1.0-53", "6.1.0-56").stream()
                .map(abi -> "/var/cache/klpscope/dbg/" + abi + "/vmlinux").toList();
        assertEquals(List.of("6.1.0-47", "6.1.0-50", "6.1.0-53", "6.1.0-56"), List.copyOf(CandidateLabels.of(paths).values()));
    }

    /** The case: four file names in one folder that differ only in the release inside them. */
    @Test
    void fileNamesInOneFolderAreNamedByTheVersionInside() {
        List<String> paths = List.of("47", "50", "53", "56").stream()
                .map(n -> "k/vmlinux-6.1.0-" + n + "-amd64.symtab.xz").toList();
        assertEquals(List.of("6.1.0-47", "6.1.0-50", "6.1.0-53", "6.1.0-56"), List.copyOf(CandidateLabels.of(paths).values()));
        assertEquals(List.of("12.4", "13.0"), List.copyOf(CandidateLabels.of(
                List.of("k/build-gcc-12.4-x86_64-generic.ko", "k/build-gcc-13.0-x86_64-generic.ko")).values()));
    }

    @Test
    void longDifferencesFallBackToTheReleasesThenToNumbers() {
        CandidateInfo a = candidate("/opt/kernels/debian-bookworm-backports/vmlinux", "6.12.95+deb12-amd64");
        CandidateInfo b = candidate("/opt/kernels/debian-trixie-security-updates/vmlinux", "7.3.4+deb13-amd64");
        assertEquals(List.of("6.12.95+deb12", "7.3.4+deb13"), List.copyOf(CandidateLabels.ofCandidates(List.of(a, b)).values()));
        CandidateInfo c = candidate("/opt/kernels/debian-trixie-security-updates/vmlinux", "");
        assertEquals(List.of("c1", "c2"), List.copyOf(CandidateLabels.ofCandidates(List.of(a, c)).values()));
    }

    @Test
    void theBaselineIsMarkedWhereShown() {
        assertEquals("v1 ★", CandidateLabels.shown("v1", true));
        assertEquals("v2", CandidateLabels.shown("v2", false));
    }

    private static CandidateInfo candidate(String path, String release) {
        return new CandidateInfo(path, "vmlinux", "vmlinux", "", "", "", false, "", false, "", List.of(), release);
    }
}
