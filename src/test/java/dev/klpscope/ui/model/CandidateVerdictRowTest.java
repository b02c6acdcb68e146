package dev.klpscope.ui.model;

import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A candidate's own verdict (findings about the file as a whole) reaches the tree: the candidates row under the patch
 * row, and the object row's column. Computed in the model, without a stage.
 */
class CandidateVerdictRowTest {

    private static MainViewModel open(String patch, String... candidates) {
        return OpenSamples.open(patch, candidates);
    }

    private static int column(Inspection i, String path) {
        for (int n = 0; n < i.candidates().size(); n++) {
            if (i.candidates().get(n).path().endsWith(path)) {
                return n;
            }
        }
        throw new AssertionError("no candidate " + path);
    }

    /**
     * sympos with v1..v4: v1 and v3 tie for the baseline (check {@code baseline}: both match the patch's CRCs and
     * vermagic, and they disagree about helper,2), which the command line reports as {@code silent} for both. Every
     * target is ok in v3's column (v3 is the chosen baseline), so only the candidate's own verdict tells.
     */
    @Test
    void anAmbiguousBaselineIsSilentInTheCandidatesRowAndItsObjectsColumn() {
        Inspection i = open("sympos/sympos_lp.ko", "sympos/v1/foo.ko", "sympos/v2/foo.ko", "sympos/v3/foo.ko",
                "sympos/v4/foo.ko").getInspection();
        int v1 = column(i, "v1/foo.ko"), v3 = column(i, "v3/foo.ko");
        assertTrue(i.candidates().get(v3).baselineAmbiguous(), "the premise: v3 is an ambiguous baseline");
        for (var t : i.targets()) {
            assertEquals(Optional.of(Severity.OK), t.verdictFor(i.candidates().get(v3).path()).map(v -> v.severity()),
                    "the premise: every target is ok against v3 (" + t.label() + ")");
        }
        TreeRow.CandidatesRow row = TargetTree.candidatesRow(i);
        assertEquals(Optional.of(Severity.SILENT), ColumnWorst.cell(i, row, v3));
        assertEquals(Optional.of(Severity.SILENT), ColumnWorst.cell(i, row, v1));
        assertEquals(Severity.SILENT, row.worst());
        TreeRow.ObjectRow foo = (TreeRow.ObjectRow) TargetTree.build(i, TargetFilter.ALL).get(0).row();
        assertEquals(Optional.of(Severity.SILENT), ColumnWorst.cell(i, foo, v3), "never an all-ok column");
    }

    /**
     * debian (scenarios.tsv): on the 6.1.0-57 kernel, sch_codel of 6.1.0-47 is refused by its own CRCs (module_layout,
     * check module-layout) before any symbol; 57's own is fine. The candidates row says so in 47's column.
     */
    @Test
    void aModuleLayoutRefusalIsInTheCandidatesRow() {
        Inspection i = open("debian/debian_lp.ko", "debian/v57/sch_codel.ko", "debian/v47/sch_codel.ko").getInspection();
        int v47 = column(i, "v47/sch_codel.ko"), v57 = column(i, "v57/sch_codel.ko");
        assertTrue(i.candidates().get(v47).findings().stream().anyMatch(f -> f.check().equals("module-layout")),
                "the premise: " + i.candidates().get(v47).findings());
        TreeRow.CandidatesRow row = TargetTree.candidatesRow(i);
        assertEquals(Optional.of(Severity.REFUSED), ColumnWorst.cell(i, row, v47));
        assertTrue(ColumnWorst.cell(i, row, v57).orElseThrow().compareTo(Severity.RISK) > 0,
                "57 is the running kernel's own build: " + i.candidates().get(v57).findings());
    }

    /**
     * broken/klp-reloc-offset.ko oopsed the recorded kernel (broken/kernel-behaviour.tsv): F3 from nothing selected
     * stops at the patch row even where no target has a finding, and Shift+F3 comes back to it.
     */
    @Test
    void nextFindingStopsAtThePatchRow() {
        MainViewModel vm = open("broken/klp-reloc-offset.ko", "seed/v1/foo.ko", "seed/v2/foo.ko");
        assertTrue(vm.stepFinding(true));
        assertTrue(vm.selectedProperty().get() instanceof TreeRow.PatchRow, String.valueOf(vm.selectedProperty().get()));
        List<TreeRow> stops = TargetTree.stopsInOrder(vm.getInspection(), vm.treeProperty().get());
        long findings = stops.stream().filter(r -> r instanceof TreeRow.PatchRow
                || r instanceof TreeRow.CandidatesRow c && c.worst().atLeast(Severity.WARN)
                || r instanceof TreeRow.TargetRow t && t.target().worst() != Severity.OK).count();
        for (int k = 0; k < findings; k++) {
            assertTrue(vm.stepFinding(true));
        }
        assertTrue(vm.selectedProperty().get() instanceof TreeRow.PatchRow, "wrapped round to the patch row");
    }

    /** sympos: F3 from the patch row (clean) goes to the candidates row, which holds the ambiguous baseline. */
    @Test
    void nextFindingStopsAtTheCandidatesRow() {
        MainViewModel vm = open("sympos/sympos_lp.ko", "sympos/v1/foo.ko", "sympos/v3/foo.ko");
        vm.selectedProperty().set(TargetTree.patchRow(vm.getInspection()));
        assertTrue(vm.stepFinding(true));
        assertTrue(vm.selectedProperty().get() instanceof TreeRow.CandidatesRow,
                String.valueOf(vm.selectedProperty().get()));
        assertTrue(vm.stepFinding(false));
        assertTrue(vm.stepFinding(true));
        assertTrue(vm.selectedProperty().get() instanceof TreeRow.CandidatesRow, "Shift+F3 then F3 comes back");
    }
}
