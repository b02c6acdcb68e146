package dev.klpscope.report;

import dev.klpscope.load.Loading;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The gate's view of the findings, on every sample patch with all of its candidates. */
class SuppressionsTest {

    @Test
    void withNothingSuppressedTheGateSeesTheWorstEveryReportStates() {
        for (Map.Entry<Path, List<Path>> e : TestSamples.candidatesByPatch().entrySet()) {
            Inspection in = Loading.inspect(e.getKey(), e.getValue(), List.of());
            assertEquals(Reports.worst(in), Suppressions.NONE.worstCounted(in), e.getKey().toString());
        }
    }

    @Test
    void ignoringEveryCheckThatWasFoundLeavesNothingForTheGate() {
        Path patch = TestSamples.file("seed/seed_lp2.ko");
        Inspection in = Loading.inspect(patch, TestSamples.candidatesByPatch().get(patch), List.of());
        assertEquals(Severity.REFUSED, Suppressions.NONE.worstCounted(in), "the seed sample is refused on v1");
        List<Suppressions.Ignore> all = IdentifiedFinding.of(in).stream().map(f -> f.finding().check()).distinct()
                .map(Suppressions.Ignore::parse).toList();
        assertEquals(Severity.OK, new Suppressions(java.util.Set.of(), all).worstCounted(in));
    }

    @Test
    void aRuleSplitsAtTheFirstColonAndNeedsBothSides() {
        assertEquals(new Suppressions.Ignore("sympos-identity", Optional.of("foo:helper,2")),
                Suppressions.Ignore.parse("sympos-identity:foo:helper,2"));
        assertEquals(new Suppressions.Ignore("vermagic", Optional.empty()), Suppressions.Ignore.parse("vermagic"));
        for (String bad : List.of("", " ", ":foo", "vermagic:")) {
            assertThrows(IllegalArgumentException.class, () -> Suppressions.Ignore.parse(bad), bad);
        }
    }
}
