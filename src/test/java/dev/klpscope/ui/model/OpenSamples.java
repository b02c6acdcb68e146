package dev.klpscope.ui.model;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A view model with a patch and candidates of samples/ opened inline, without a stage. */
final class OpenSamples {

    static final Path SAMPLES = SampleScenario.samplesDir().orElseThrow();

    private OpenSamples() {
    }

    /** Paths relative to samples/; fails the test on any problem opening them. */
    static MainViewModel open(String patch, String... candidates) {
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.open(SAMPLES.resolve(patch), Arrays.stream(candidates).map(SAMPLES::resolve).toList());
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        return vm;
    }
}
