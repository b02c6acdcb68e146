package dev.klpscope.ui.model;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window's summary bar on a patch that crashes the kernel by itself: samples/broken/klp-reloc-offset.ko (seed_lp1
 * with a klp relocation's r_offset past its section, samples/broken/cases.tsv) against seed's v1. No target breaks,
 * the patch file does: the bar says so beside "worst: crash", as the reports do, never a bare "0 breaking".
 */
class PatchBreakingSummaryTest {

    @Test
    void theCrashingPatchFilesOwnFindingIsCountedBesideTheTargets() {
        Path samples = SampleScenario.samplesDir().orElseThrow();
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.open(samples.resolve("broken/klp-reloc-offset.ko"), List.of(samples.resolve("seed/v1/foo.ko")));
        String bar = vm.summaryProperty().get();
        assertTrue(bar.contains("0 breaking, the patch file itself: 1 breaking finding · findings: 1 crash"), bar);
    }
}
