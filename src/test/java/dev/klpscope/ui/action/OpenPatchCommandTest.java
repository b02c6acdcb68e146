package dev.klpscope.ui.action;

import dev.klpscope.ui.dialog.FakeDialogs;
import dev.klpscope.ui.model.Jobs;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.RecentFiles;
import dev.klpscope.ui.model.SampleScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ctrl+O without a stage: the dialogs are a fake, the work runs inline. */
class OpenPatchCommandTest {

    static final Path SAMPLES = SampleScenario.samplesDir().orElseThrow();
    static final Path LP1 = SAMPLES.resolve("seed/seed_lp1.ko");
    static final Path LP2 = SAMPLES.resolve("seed/seed_lp2.ko");
    static final Path SYMPOS = SAMPLES.resolve("sympos/sympos_lp.ko");

    final Preferences prefs = Preferences.userRoot().node("/dev/klpscope/ui-test/open-patch");
    final FakeDialogs dialogs = new FakeDialogs();
    MainViewModel vm;
    OpenPatchCommand command;

    @BeforeEach
    void seed() {
        vm = new MainViewModel(Jobs.INLINE);
        command = new OpenPatchCommand(vm, dialogs, new RecentFiles(prefs));
        vm.open(LP2, List.of(SAMPLES.resolve("seed/v1/foo.ko"), SAMPLES.resolve("seed/v2/foo.ko")));
    }

    @AfterEach
    void forget() throws BackingStoreException {
        prefs.removeNode();
    }

    @Test
    void keepingTheCandidatesIsAskedAndDone() {
        dialogs.willPick(LP1).willChoose(OpenPatchCommand.Keep.KEEP);
        command.execute();
        assertEquals("Keep the 2 loaded candidates (v1, v2) for seed_lp1.ko?", dialogs.asked.get(1));
        assertEquals("seed_lp1", vm.getInspection().patch().name());
        assertEquals(2, vm.getInspection().candidates().size());
    }

    /** A patch for another object: keeping foo's builds would make every target refused. */
    @Test
    void droppingTheCandidatesOpensThePatchAlone() {
        dialogs.willPick(SYMPOS).willChoose(OpenPatchCommand.Keep.DROP);
        command.execute();
        assertEquals("sympos_lp", vm.getInspection().patch().name());
        assertEquals(List.of(), vm.getInspection().candidates());
        assertEquals(List.of(), vm.candidates());
    }

    @Test
    void closingTheQuestionChangesNothing() {
        var before = vm.getInspection();
        dialogs.willPick(LP1);
        command.execute();
        assertEquals(2, dialogs.asked.size(), "asked, then closed");
        assertEquals(before, vm.getInspection());
    }

    @Test
    void withoutCandidatesNothingIsAsked() {
        vm.removeCandidate(vm.candidates().get(0).path());
        vm.removeCandidate(vm.candidates().get(0).path());
        assertTrue(vm.candidates().isEmpty());
        dialogs.willPick(LP1);
        command.execute();
        assertEquals(List.of("Open livepatch"), dialogs.asked);
        assertEquals("seed_lp1", vm.getInspection().patch().name());
    }
}
