package dev.klpscope.ui.model;

import dev.klpscope.load.LoadedFile;
import dev.klpscope.load.Loading;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropPolicyTest {

    static final Path SAMPLES = SampleScenario.samplesDir().orElseThrow();

    @Test
    void firstLivepatchWinsModulesBecomeCandidatesRestIsNamed(@TempDir Path dir) {
        List<LoadedFile> files = List.of(
                Loading.classify(SAMPLES.resolve("seed/v1/foo.ko"), Optional.empty()),
                Loading.classify(SAMPLES.resolve("seed/seed_lp2.ko"), Optional.empty()),
                Loading.classify(SAMPLES.resolve("seed/seed_lp1.ko"), Optional.empty()),
                Loading.classify(SAMPLES.resolve("scenarios.tsv"), Optional.empty()));
        DropPolicy.Plan plan = DropPolicy.plan(files);
        assertEquals(SAMPLES.resolve("seed/seed_lp2.ko"), plan.patch().orElseThrow().path());
        assertEquals(1, plan.candidates().size());
        assertEquals(2, plan.ignored().size());
        assertTrue(plan.ignored().get(0).contains("seed_lp1.ko"), plan.ignored().get(0));
        assertTrue(plan.ignored().get(1).contains("scenarios.tsv"), plan.ignored().get(1));
        assertTrue(DropPolicy.rejectBeforeReading(dir).isPresent());
        assertTrue(DropPolicy.rejectBeforeReading(dir.resolve("gone.ko")).isPresent());
    }

    @Test
    void nothingUsableChangesNothing() {
        assertTrue(DropPolicy.plan(List.of(new LoadedFile.Unusable(Path.of("x"), "x: bad"))).changesNothing());
    }
}
