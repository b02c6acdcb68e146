package dev.klpscope.ui.model;

import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The details pane's cards as the view model makes them, without a stage: their order, their badge, the selection. */
class DetailsModelTest {

    private static MainViewModel open(String patch, String... candidates) {
        return OpenSamples.open(patch, candidates);
    }

    private static Target target(Inspection i, String symbol) {
        return i.targets().stream().filter(t -> t.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    private static List<String> cardLabels(MainViewModel vm) {
        return vm.details().stream().map(CandidateDetail::label).toList();
    }

    /**
     * sympos (scenarios.tsv): against v1 ok, v2 refused (helper,2 not found), v3 silent (gamma's helper), v4 refused
     * on solo. The helper target's cards come worst first: the refused v2, then v3's silent, then v1 and v4 (ok:
     * v4 refuses solo, not helper), each badge the target's verdict in that candidate's column.
     */
    @Test
    void cardsComeWorstFirstWithTheTreesVerdict() {
        MainViewModel vm = open("sympos/sympos_lp.ko", "sympos/v1/foo.ko", "sympos/v2/foo.ko", "sympos/v3/foo.ko",
                "sympos/v4/foo.ko");
        vm.makeBaseline(OpenSamples.SAMPLES.resolve("sympos/v1/foo.ko").toString());
        Inspection i = vm.getInspection();
        vm.selectedProperty().set(new TreeRow.TargetRow(target(i, "helper")));
        assertEquals(List.of("v2", "v3", "v1", "v4"), cardLabels(vm));
        assertEquals(List.of(Severity.REFUSED, Severity.SILENT, Severity.OK, Severity.OK),
                vm.details().stream().map(d -> d.worst().orElseThrow()).toList());
        vm.selectedProperty().set(new TreeRow.TargetRow(target(i, "solo")));
        assertEquals("v4", cardLabels(vm).get(0), "v4 refuses solo: " + cardLabels(vm));
        assertEquals(Optional.of(Severity.REFUSED), vm.details().get(0).worst());
    }

    /** With the patch row selected, the cards are every candidate's own, worst first too. */
    @Test
    void patchRowCardsAreTheCandidatesOwnWorstFirst() {
        MainViewModel vm = open("sympos/sympos_lp.ko", "sympos/v2/foo.ko", "sympos/v1/foo.ko", "sympos/v3/foo.ko");
        vm.selectedProperty().set(TargetTree.patchRow(vm.getInspection()));
        // v1 and v3 tie for the baseline and differ about helper,2 (silent); v2 differs only in build id
        assertEquals(List.of("v1", "v3", "v2"), cardLabels(vm));
        assertEquals(Optional.of(Severity.SILENT), vm.details().get(0).worst());
    }

    /** A search that hides the selected target moves the selection to the first match, or clears it. */
    @Test
    void aSearchThatHidesTheSelectionMovesIt() {
        MainViewModel vm = open("sympos/sympos_lp.ko", "sympos/v1/foo.ko", "sympos/v3/foo.ko");
        Inspection i = vm.getInspection();
        vm.selectedProperty().set(new TreeRow.TargetRow(target(i, "solo")));
        vm.searchProperty().set("helper,2");
        TreeRow now = vm.selectedProperty().get();
        assertEquals("helper", now.owningTarget().orElseThrow().symbol(), String.valueOf(now));
        assertTrue(vm.details().stream().allMatch(d -> d.verdict().orElseThrow().candidate().equals(d.candidate().path())));
        vm.searchProperty().set("no such target");
        assertNull(vm.selectedProperty().get());
        vm.searchProperty().set("");
        vm.selectedProperty().set(new TreeRow.TargetRow(target(i, "solo")));
        vm.searchProperty().set("solo");
        assertEquals("solo", vm.selectedProperty().get().owningTarget().orElseThrow().symbol(), "a shown target stays");
    }
}
