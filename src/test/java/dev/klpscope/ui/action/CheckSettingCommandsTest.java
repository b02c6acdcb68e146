package dev.klpscope.ui.action;

import dev.klpscope.check.Severity;
import dev.klpscope.livepatch.lint.KernelRules;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.report.GateOutcome;
import dev.klpscope.ui.dialog.FakeDialogs;
import dev.klpscope.ui.dialog.FileKind;
import dev.klpscope.ui.model.GateText;
import dev.klpscope.ui.model.Jobs;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.SampleScenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Check menu's commands against the view-model, without a stage: answers from a fake dialog, inspections
 * inline. The seed patch seed_lp2 is refused by foo v1, so the default gate (--fail-on silent) fails.
 */
class CheckSettingCommandsTest {

    static final Path SAMPLES = SampleScenario.samplesDir().orElseThrow();

    final FakeDialogs dialogs = new FakeDialogs();
    final MainViewModel vm = new MainViewModel(Jobs.INLINE);

    @BeforeEach
    void open() {
        vm.open(SAMPLES.resolve("seed/seed_lp2.ko"), List.of(SAMPLES.resolve("seed/v1/foo.ko")));
        assertTrue(vm.gateProperty().get().failed(), "refused fails the default gate");
    }

    @Test
    void failOnNeverPassesTheGateAndEveryWordIsOffered() {
        var command = ChooseSettingCommand.failOn(dialogs, vm.failOnProperty());
        assertEquals(List.of("silent", "crash", "refused", "risk", "warn", "info", "never"),
                command.offered().stream().map(Labelled::text).toList(), "the current one first, then --fail-on's words");
        dialogs.willChoose(new Labelled<Severity>("never", null));
        command.execute();
        assertNull(vm.failOnProperty().get());
        assertEquals(new GateOutcome("never", false), vm.gateProperty().get());
        assertEquals("gate: never fails (exit 0)", GateText.of(vm.gateProperty().get()));
    }

    @Test
    void cancellingTheChoiceKeepsTheSetting() {
        ChooseSettingCommand.failOn(dialogs, vm.failOnProperty()).execute();
        assertEquals(Severity.SILENT, vm.failOnProperty().get());
        assertEquals(List.of("Fail On (now silent)"), dialogs.asked);
    }

    @Test
    void aChosenLoaderIsTheOneThePatchIsJudgedBy() {
        var command = ChooseSettingCommand.loader(dialogs, vm.loaderProperty());
        assertEquals("from vermagic", command.offered().get(0).text());
        assertEquals(KernelRules.MODELLED.size() + 1, command.offered().size());
        dialogs.willChoose(new Labelled<>("7.3", KernelVersion.of(7, 3)));
        command.execute();
        assertEquals(KernelVersion.of(7, 3), vm.getInspection().patch().lintRules().modelled());
        assertEquals("7.3", command.offered().get(0).text(), "the current loader is offered first");
        dialogs.willChoose(new Labelled<KernelVersion>("from vermagic", null));
        command.execute();
        assertNull(vm.loaderProperty().get());
        assertEquals(KernelVersion.of(6, 1), vm.getInspection().patch().lintRules().modelled(), "seed is built for 6.1");
    }

    @Test
    void requireAllObjectsIsSwitchedOnAndOff() {
        var command = new ToggleSettingCommand(vm.requireAllObjectsProperty());
        command.execute();
        assertTrue(vm.settings().requireAllObjects());
        command.execute();
        assertFalse(vm.settings().requireAllObjects());
    }

    @Test
    void ignoreRulesAreEditedOneALine() {
        vm.ignoreRules().setAll("build-id");
        var command = new EditIgnoreRulesCommand(dialogs, vm.ignoreRules());
        dialogs.willWrite(" objname-match\n\nsympos:foo \n");
        command.execute();
        assertEquals(List.of("objname-match", "sympos:foo"), vm.settings().ignore());
    }

    @Test
    void aLineThatIsNotARuleIsSaidAndChangesNothing() {
        var command = new EditIgnoreRulesCommand(dialogs, vm.ignoreRules());
        dialogs.willWrite("objname-match\n:foo");
        command.execute();
        assertEquals(List.of(), vm.settings().ignore());
        assertEquals(2, dialogs.asked.size());
        assertTrue(dialogs.asked.get(1).startsWith("Ignore Rules: --ignore ':foo'"), dialogs.asked.toString());
    }

    @Test
    void aFileSettingIsChosenAndCleared() {
        Path btf = SAMPLES.resolve("seed/v1/foo.ko");
        var choose = SettingFileCommand.choosing(dialogs, "BTF Base", vm.btfBaseProperty(), FileKind.ANY);
        var clear = SettingFileCommand.clearing(vm.btfBaseProperty());
        assertFalse(clear.isExecutable(), "nothing to clear");
        dialogs.willPick(btf);
        choose.execute();
        assertEquals(btf, vm.settings().btfBase().orElseThrow());
        assertTrue(clear.isExecutable());
        clear.execute();
        assertTrue(vm.settings().btfBase().isEmpty());
    }

    @Test
    void theGateIsSaidAsTheExitStatus() {
        assertEquals("gate: fails at silent (exit 1)", GateText.of(vm.gateProperty().get()));
        vm.failOnProperty().set(Severity.CRASH);
        assertEquals("gate: passes at crash (exit 0)", GateText.of(vm.gateProperty().get()));
        assertEquals("", GateText.of(null));
    }
}
