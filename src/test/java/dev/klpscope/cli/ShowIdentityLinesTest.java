package dev.klpscope.cli;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code show} prints what identifies the patch and no empty field: seed_lp1 has no srcversion= (readelf -p .modinfo). */
class ShowIdentityLinesTest {

    @Test
    void anAbsentSrcversionIsNotPrintedBlank() {
        CliRun run = CliRun.of("show", SampleFiles.path("seed/seed_lp1.ko"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("  build id: 63c0a9fd3a5b05312e7cd895aff1d2fc3b43398e"), run.out());
        assertTrue(run.out().lines().noneMatch(l -> l.strip().startsWith("srcversion")), run.out());
    }
}
