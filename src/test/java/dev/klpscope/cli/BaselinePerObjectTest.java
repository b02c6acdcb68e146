package dev.klpscope.cli;

import dev.klpscope.report.MiniJson;
import dev.klpscope.report.TestSamples;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One {@code --baseline} per object: a second build of the same object given as a baseline is a usage error
 * naming both files and the object, never silently turned into a candidate judged against the first.
 */
class BaselinePerObjectTest {

    @Test
    void twoBaselinesOfOneObjectAreAUsageErrorNamingBothAndTheObject() {
        Path v1 = TestSamples.file("sympos/v1/foo.ko");
        Path v3 = TestSamples.file("sympos/v3/foo.ko");
        CliRun run = CliRun.of("check", TestSamples.file("sympos/sympos_lp.ko"), "--baseline", v1, "--baseline", v3,
                TestSamples.file("sympos/v2/foo.ko"));
        run.assertUnusable("foo");
        String line = run.errLines().get(0);
        assertTrue(line.contains(Seed.named(v1)) && line.contains(Seed.named(v3)), line);
        assertTrue(line.contains("both builds of foo"), line);
        assertEquals("", run.out());
    }

    @Test
    void oneBaselineForEachOfTwoObjectsIsFine() {
        CliRun run = CliRun.of("check", TestSamples.file("multiobj/multiobj_lp.ko"),
                "--baseline", TestSamples.file("multiobj/v1/foo.ko"), "--baseline", TestSamples.file("multiobj/v1/bar.ko"),
                TestSamples.file("multiobj/v2/foo.ko"), TestSamples.file("multiobj/v2/bar.ko"), "--format", "json");
        assertTrue(run.exit() == 0 || run.exit() == 1, run.err());
        int baselines = 0;
        for (Object c : MiniJson.array(MiniJson.object(MiniJson.parse(run.out())).get("candidates"))) {
            Map<String, Object> cand = MiniJson.object(c);
            if (Boolean.TRUE.equals(cand.get("baseline"))) {
                baselines++;
                assertTrue(((String) cand.get("baselineReason")).contains("--baseline"), cand.toString());
            }
        }
        assertEquals(2, baselines, run.out());
    }

    @Test
    void theSameBaselineGivenTwiceIsOneBaseline() {
        Path v1 = TestSamples.file("sympos/v1/foo.ko");
        CliRun run = CliRun.of("check", TestSamples.file("sympos/sympos_lp.ko"), "--baseline", v1, "--baseline", v1,
                TestSamples.file("sympos/v2/foo.ko"));
        assertTrue(run.exit() == 0 || run.exit() == 1, run.err());
    }
}
