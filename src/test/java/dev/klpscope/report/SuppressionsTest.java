package dev.klpscope.report;

import dev.klpscope.load.Loading;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.LivepatchReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(Severity.OK, new Suppressions(List.of(), all).worstCounted(in));
    }

    @Test
    void rulesThatMatchNoFindingAreUnusedInTheirOrderAndUsedOnesAreNot() {
        Path patch = TestSamples.file("seed/seed_lp2.ko");
        Inspection in = Loading.inspect(patch, TestSamples.candidatesByPatch().get(patch), List.of());
        List<IdentifiedFinding> found = IdentifiedFinding.of(in);
        String used = found.get(0).id();
        Suppressions s = new Suppressions(
                List.of(new Suppressions.Accepted("build-id-0123456789ab", "a.txt", 3),
                        new Suppressions.Accepted(used, "a.txt", 4)),
                List.of(Suppressions.Ignore.parse("vermagic"), Suppressions.Ignore.parse(found.get(0).finding().check()),
                        Suppressions.Ignore.parse(found.get(0).finding().check() + ":no_such_object")));
        assertEquals(List.of("build-id-0123456789ab", "vermagic", found.get(0).finding().check() + ":no_such_object"),
                s.unused(in).stream().map(Suppressions.Rule::rule).toList());
        assertEquals(3, ((Suppressions.Accepted) s.unused(in).get(0)).line());
        assertEquals(List.of(), Suppressions.NONE.unused(in));
    }

    /** show's gate: the patch file's own findings, with the ids check gives them. */
    @Test
    void thePatchFileAloneHasTheIdsCheckGivesItsFindings() {
        Path patch = TestSamples.file("broken/elf-alloc-name.ko");
        Livepatch lp = LivepatchReader.read(patch);
        List<String> alone = Suppressions.patchFile(lp).stream().map(IdentifiedFinding::id).toList();
        assertTrue(alone.size() >= 3, alone.toString());
        List<String> inCheck = IdentifiedFinding.of(Loading.inspect(patch, List.of(), List.of())).stream()
                .filter(f -> !f.finding().check().equals("objname-match")).map(IdentifiedFinding::id).toList();
        assertEquals(inCheck, alone);
        assertEquals(Severity.REFUSED, Suppressions.NONE.worstCounted(lp));
        List<Suppressions.Accepted> all = alone.stream().map(id -> new Suppressions.Accepted(id, "a.txt", 1)).toList();
        assertEquals(Severity.OK, new Suppressions(all, List.of()).worstCounted(lp));
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
