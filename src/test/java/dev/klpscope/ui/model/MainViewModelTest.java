package dev.klpscope.ui.model;

import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.TargetKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The view-model without a stage: work runs inline, properties are read directly. */
class MainViewModelTest {

    static final Path SAMPLES = SampleScenario.samplesDir().orElseThrow();
    static final Path LP2 = SAMPLES.resolve("seed/seed_lp2.ko");
    static final Path V1 = SAMPLES.resolve("seed/v1/foo.ko");
    static final Path V2 = SAMPLES.resolve("seed/v2/foo.ko");

    MainViewModel vm;

    @BeforeEach
    void openSeed() {
        vm = new MainViewModel(Jobs.INLINE);
        vm.open(LP2, List.of(V1, V2));
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        assertNotNull(vm.getInspection());
    }

    private List<Target> shownTargets() {
        return TargetTree.targetsInOrder(vm.treeProperty().get());
    }

    private Target target(String symbol) {
        return vm.getInspection().targets().stream().filter(t -> t.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    @Test
    void seedScenarioHasObjectTargetsAndSites() {
        List<TreeNode> roots = vm.treeProperty().get();
        assertEquals(1, roots.size());
        TreeRow.ObjectRow foo = (TreeRow.ObjectRow) roots.get(0).row();
        assertEquals(List.of("foo", 2, Severity.REFUSED), List.of(foo.object(), foo.targets(), foo.worst()));
        assertEquals(List.of("b", "c"), shownTargets().stream().map(Target::symbol).toList());
        TreeNode b = roots.get(0).children().get(0);
        assertEquals(target("b").sites().size(), b.children().size());
        assertEquals(List.of("v1", "v2"), vm.candidateLabels(), "the part of the paths that differs");
        assertEquals(Severity.REFUSED, target("b").verdictFor(V1.toString()).orElseThrow().severity());
        assertTrue(vm.summaryProperty().get().contains("2 functions"), vm.summaryProperty().get());
    }

    @Test
    void filtersHideTargetsAndEmptyObjects() {
        vm.onlyBreakingProperty().set(true);
        assertEquals(List.of("b"), shownTargets().stream().map(Target::symbol).toList());
        vm.onlyBreakingProperty().set(false);
        vm.kindProperty(TargetKind.FUNCTION).set(false);
        assertTrue(vm.treeProperty().get().isEmpty(), "no variables in the seed: the object row goes too");
        vm.clearFilters();
        vm.severityProperty(Severity.OK).set(false);
        assertEquals(List.of("b"), shownTargets().stream().map(Target::symbol).toList());
    }

    @Test
    void searchKeepsParentsOfAMatchingSite() {
        String function = target("b").sites().get(0).function();
        vm.searchProperty().set(function.toUpperCase());
        List<TreeNode> roots = vm.treeProperty().get();
        assertEquals(1, roots.size(), "the object stays as the parent");
        assertFalse(roots.get(0).children().isEmpty());
        vm.searchProperty().set("c,0");
        assertEquals(List.of("c"), shownTargets().stream().map(Target::symbol).toList());
        vm.searchProperty().set("foo");
        assertEquals(2, shownTargets().size(), "an object match keeps all its targets");
        vm.searchProperty().set("no such name");
        assertTrue(vm.treeProperty().get().isEmpty());
    }

    @Test
    void selectionFillsDetailsPerCandidate() {
        vm.selectedProperty().set(new TreeRow.TargetRow(target("b")));
        assertEquals(2, vm.details().size());
        CandidateDetail v1 = vm.details().get(0);
        assertEquals("v1", v1.label());
        assertEquals(Severity.REFUSED, v1.verdict().orElseThrow().severity());
        assertTrue(v1.verdict().get().headline().kernelMessage().orElseThrow().contains("not found"));
        assertTrue(vm.selectedRowText().contains("b,0"), vm.selectedRowText());
        assertTrue(vm.selectedRowText().contains("v1: refused"), vm.selectedRowText());
    }

    @Test
    void nextFindingWalksTargetsThatAreNotOk() {
        assertTrue(vm.stepFinding(true));
        assertEquals("b", vm.selectedProperty().get().owningTarget().orElseThrow().symbol());
        assertTrue(vm.stepFinding(true), "wraps around to the only finding");
        assertEquals("b", vm.selectedProperty().get().owningTarget().orElseThrow().symbol());
        vm.severityProperty(Severity.REFUSED).set(false);
        assertFalse(vm.stepFinding(false));
    }

    @Test
    void candidatesCanBeMovedRemovedAndMadeBaseline() {
        vm.moveCandidate(V2.toString(), -1);
        assertEquals(List.of("v2", "v1"), vm.candidateLabels());
        assertEquals(V2.toString(), vm.getInspection().candidates().get(0).path());
        vm.makeBaseline(V1.toString());
        assertTrue(vm.candidates().stream().filter(CandidateRow::baseline).allMatch(r -> r.path().equals(V1.toString())));
        assertTrue(vm.getInspection().candidate(V1.toString()).orElseThrow().baseline());
        vm.removeCandidate(V1.toString());
        assertEquals(List.of(V2.toString()), vm.candidates().stream().map(CandidateRow::path).toList());
        assertEquals(Severity.OK, vm.getInspection().worst().atLeast(Severity.RISK) ? Severity.RISK : Severity.OK);
    }

    @Test
    void aFileThatFailsLeavesEverythingAsItWas(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        var before = vm.getInspection();
        Path junk = Files.writeString(dir.resolve("junk.ko"), "not an ELF file");
        vm.openPatch(junk);
        assertEquals(1, vm.problems().size());
        assertTrue(vm.problems().get(0).contains("junk.ko"), vm.problems().get(0));
        assertEquals(before, vm.getInspection());
        vm.addCandidates(List.of(junk, LP2));
        assertEquals(2, vm.problems().size(), "the bad file and the livepatch offered as a candidate");
        assertEquals(before, vm.getInspection());
        vm.dismissProblems();
        assertTrue(vm.problems().isEmpty());
    }

    @Test
    void dropMakesTheLivepatchThePatchAndModulesCandidates(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        MainViewModel fresh = new MainViewModel(Jobs.INLINE);
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        fresh.drop(List.of(V1, SAMPLES.resolve("seed/seed_lp1.ko"), text, dir));
        assertTrue(fresh.patchTextProperty().get().contains("seed_lp1"));
        assertEquals(List.of(V1.toString()), fresh.candidates().stream().map(CandidateRow::path).toList());
        assertEquals(2, fresh.problems().size(), fresh.problems().toString());
        assertTrue(fresh.problems().stream().anyMatch(p -> p.contains("notes.txt")));
        assertNull(fresh.selectedProperty().get());
    }
}
