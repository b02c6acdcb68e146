package dev.klpscope.ui.model;

import dev.klpscope.check.Inspection;
import dev.klpscope.check.Role;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verdict columns of the tree's summary rows, computed in the model without a stage: the patch file's own row,
 * each object's and each group's worst per candidate column; and the selection kept across re-inspections.
 */
class TreeVerdictColumnsTest {

    static final Path SAMPLES = SampleScenario.samplesDir().orElseThrow();

    private static Inspection open(String patch, String... candidates) {
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.open(SAMPLES.resolve(patch), java.util.Arrays.stream(candidates).map(SAMPLES::resolve).toList());
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        assertNotNull(vm.getInspection());
        return vm.getInspection();
    }

    /**
     * broken/klp-reloc-offset.ko oopsed the recorded 6.1 kernel while loading (broken/kernel-behaviour.tsv: "oops while
     * loading the patch"): its row says crash in every column, though every target column alone may read ok.
     */
    @Test
    void aPatchThatCrashesTheKernelShowsCrashInItsRow() {
        Inspection i = open("broken/klp-reloc-offset.ko", "seed/v1/foo.ko", "seed/v2/foo.ko");
        TreeRow.PatchRow row = TargetTree.patchRow(i);
        assertEquals(Severity.CRASH, row.worst());
        assertEquals("Linux 6.1", row.loader());
        assertTrue(row.findings() > 0);
        for (int c = 0; c < i.candidates().size(); c++) {
            assertEquals(Optional.of(Severity.CRASH), ColumnWorst.cell(i, row, c), "column " + c);
        }
        assertEquals(Optional.empty(), ColumnWorst.cell(i, row, i.candidates().size()), "no column past the last");
    }

    /** seed_lp1 is clean (scenarios.tsv: ok and info): its row is ok everywhere. */
    @Test
    void aCleanPatchRowIsOk() {
        Inspection i = open("seed/seed_lp1.ko", "seed/v1/foo.ko", "seed/v2/foo.ko");
        TreeRow.PatchRow row = TargetTree.patchRow(i);
        assertEquals(0, row.findings());
        assertEquals(List.of(Optional.of(Severity.OK), Optional.of(Severity.OK)), row.columns().cells());
    }

    /**
     * multiobj (scenarios.tsv): v2/bar.ko has no bar_base (refused), v1/bar.ko and v1/foo.ko are ok; a column of the
     * other object's candidate has nothing to say in an object's row.
     */
    @Test
    void objectRowsCarryTheirWorstPerColumnAndNothingForAnotherObject() {
        Inspection i = open("multiobj/multiobj_lp.ko", "multiobj/v1/foo.ko", "multiobj/v1/bar.ko",
                "multiobj/v2/foo.ko", "multiobj/v2/bar.ko");
        List<TreeNode> roots = TargetTree.build(i, TargetFilter.ALL);
        TreeRow.ObjectRow foo = object(roots, "foo");
        TreeRow.ObjectRow bar = object(roots, "bar");
        int v1foo = column(i, "v1/foo.ko"), v1bar = column(i, "v1/bar.ko"), v2bar = column(i, "v2/bar.ko");
        assertEquals(Optional.of(Severity.REFUSED), ColumnWorst.cell(i, bar, v2bar));
        assertEquals(Optional.of(Severity.OK), ColumnWorst.cell(i, bar, v1bar));
        assertEquals(Optional.of(Severity.OK), ColumnWorst.cell(i, foo, v1foo));
        assertEquals(Optional.empty(), ColumnWorst.cell(i, foo, v2bar));
        assertEquals(Optional.empty(), ColumnWorst.cell(i, bar, v1foo));
    }

    /** Groups (objects past the limit): each column's worst is the worst of the group's targets in that column. */
    @Test
    void groupRowsCarryTheWorstOfTheirTargetsPerColumn() {
        Inspection big = SyntheticInspection.of(12_000, 3);
        List<TreeRow.GroupRow> groups = new ArrayList<>();
        List<TreeNode> groupNodes = new ArrayList<>();
        collectGroups(TargetTree.build(big, TargetFilter.ALL), groups, groupNodes);
        assertFalse(groups.isEmpty(), "vmlinux is grouped");
        for (int g = 0; g < groups.size(); g++) {
            List<Target> in = TargetTree.targetsInOrder(List.of(groupNodes.get(g)));
            for (int c = 0; c < big.candidates().size(); c++) {
                String path = big.candidates().get(c).path();
                boolean ofObject = big.candidates().get(c).object().equals(groups.get(g).object());
                Severity expected = null;
                for (Target t : in) {
                    Severity s = t.verdictFor(path).map(v -> v.severity()).orElse(Severity.OK);
                    expected = expected == null || s.ordinal() < expected.ordinal() ? s : expected;
                }
                assertEquals(ofObject ? Optional.ofNullable(expected) : Optional.empty(),
                        ColumnWorst.cell(big, groups.get(g), c), groups.get(g).label() + " column " + c);
            }
        }
    }

    /** Adding a candidate re-inspects: the selected target stays selected, now with a verdict per candidate. */
    @Test
    void theSelectedTargetStaysSelectedWhenACandidateIsAdded() {
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.open(SAMPLES.resolve("seed/seed_lp2.ko"), List.of(SAMPLES.resolve("seed/v1/foo.ko")));
        Target b = vm.getInspection().targets().stream().filter(t -> t.symbol().equals("b")).findFirst().orElseThrow();
        vm.selectedProperty().set(new TreeRow.TargetRow(b));
        vm.addCandidates(List.of(SAMPLES.resolve("seed/v2/foo.ko")));
        assertEquals(2, vm.getInspection().candidates().size());
        Target now = vm.selectedProperty().get().owningTarget().orElseThrow();
        assertEquals("b", now.symbol());
        assertEquals(2, now.verdicts().size());
        assertEquals(2, vm.details().size(), "the details follow");
    }

    /** A function the patch replaces needs no relocation site: its sites cell is not a "0" that reads as unused. */
    @Test
    void aReplacedFunctionWithoutSitesDoesNotReadAsUnused() {
        Inspection i = open("seed/seed_lp1.ko", "seed/v1/foo.ko");
        Target replaced = i.targets().stream().filter(t -> t.role() == Role.PATCHED && t.sites().isEmpty())
                .findFirst().orElseThrow();
        assertEquals("—", Texts.siteCell(replaced));
        assertTrue(Texts.sitesLine(replaced).contains("replaced"), Texts.sitesLine(replaced));
        Target referenced = i.targets().stream().filter(t -> t.role() == Role.REFERENCE).findFirst().orElseThrow();
        assertEquals(String.valueOf(referenced.sites().size()), Texts.siteCell(referenced));
    }

    /** A filter that hides targets says how many it shows, of how many; no note while everything shows. */
    @Test
    void theFilterNoteCountsTheTargetsShown() {
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.open(SAMPLES.resolve("seed/seed_lp2.ko"), List.of(SAMPLES.resolve("seed/v1/foo.ko")));
        assertEquals(Optional.empty(), FilterNote.text(vm.getInspection(), vm.treeProperty().get(), vm.filter()));
        vm.onlyBreakingProperty().set(true); // seed_lp2 + v1 (scenarios.tsv): b refused, c ok
        assertEquals(Optional.of("Showing 1 of 2 targets (filtered)"),
                FilterNote.text(vm.getInspection(), vm.treeProperty().get(), vm.filter()));
        vm.onlyBreakingProperty().set(false);
        vm.searchProperty().set("nothing-is-called-this");
        assertEquals(Optional.of("Showing 0 of 2 targets (filtered, search \"nothing-is-called-this\")"),
                FilterNote.text(vm.getInspection(), vm.treeProperty().get(), vm.filter()));
    }

    /** The window's candidate labels are the reports': the part of the paths that differs. */
    @Test
    void candidateLabelsAreTheReportsShortLabels() {
        assertEquals(List.of("v1", "v2"), Texts.labels(List.of("samples/seed/v1/foo.ko", "samples/seed/v2/foo.ko")));
        assertEquals(List.of("v2", "v1"), Texts.labels(List.of("samples/seed/v2/foo.ko", "samples/seed/v1/foo.ko")),
                "in the given order");
    }

    private static int column(Inspection i, String suffix) {
        for (int c = 0; c < i.candidates().size(); c++) {
            if (i.candidates().get(c).path().endsWith(suffix)) {
                return c;
            }
        }
        throw new AssertionError("no candidate " + suffix);
    }

    private static TreeRow.ObjectRow object(List<TreeNode> roots, String name) {
        return roots.stream().map(n -> (TreeRow.ObjectRow) n.row()).filter(o -> o.object().equals(name)).findFirst()
                .orElseThrow();
    }

    private static void collectGroups(List<TreeNode> nodes, List<TreeRow.GroupRow> rows, List<TreeNode> at) {
        for (TreeNode n : nodes) {
            if (n.row() instanceof TreeRow.GroupRow g) {
                rows.add(g);
                at.add(n);
            }
            if (!(n.row() instanceof TreeRow.TargetRow)) {
                collectGroups(n.children(), rows, at);
            }
        }
    }
}
