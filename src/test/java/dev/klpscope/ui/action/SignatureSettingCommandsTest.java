package dev.klpscope.ui.action;

import dev.klpscope.check.Severity;
import dev.klpscope.check.SignatureSettings;
import dev.klpscope.ui.model.ColumnWorst;
import dev.klpscope.ui.model.Jobs;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.SampleScenario;
import dev.klpscope.ui.model.TargetTree;
import dev.klpscope.ui.model.TreeRow;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Check → Enforce Module Signatures and Check → Kernel Lockdown: each is the command line's option, and with Debian's
 * 6.1.0-57 -dbg vmlinux (when cached) switching one on turns the unsigned patch's taint into a refusal the gate sees.
 */
class SignatureSettingCommandsTest {

    static final Path SAMPLES = SampleScenario.samplesDir().orElseThrow();
    static final Path VMLINUX = Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");

    final MainViewModel vm = new MainViewModel(Jobs.INLINE);

    @Test
    void theTogglesAreTheOptions() {
        new ToggleSettingCommand(vm.sigEnforceProperty()).execute();
        assertEquals(new SignatureSettings(true, false), vm.settings().signatures());
        new ToggleSettingCommand(vm.lockdownProperty()).execute();
        new ToggleSettingCommand(vm.sigEnforceProperty()).execute();
        assertEquals(new SignatureSettings(false, true), vm.settings().signatures());
    }

    @Test
    void enforcingRefusesTheUnsignedPatch() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "Debian -dbg vmlinux 6.1.0-57 not cached");
        vm.open(SAMPLES.resolve("debian/debian_lp.ko"), List.of(VMLINUX));
        assertFalse(vm.gateProperty().get().failed(), "as built, the unsigned patch only taints the kernel");
        new ToggleSettingCommand(vm.sigEnforceProperty()).execute();
        assertTrue(vm.gateProperty().get().failed(), "module.sig_enforce=1 refuses it");
        new ToggleSettingCommand(vm.sigEnforceProperty()).execute();
        new ToggleSettingCommand(vm.lockdownProperty()).execute();
        assertTrue(vm.gateProperty().get().failed(), "so does lockdown");
    }

    /** As other findings about a candidate file: in the candidates row's column and on the candidate's card. */
    @Test
    void theCandidateColumnAndCardShowTheFinding() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "Debian -dbg vmlinux 6.1.0-57 not cached");
        vm.open(SAMPLES.resolve("debian/debian_lp.ko"), List.of(VMLINUX));
        assertEquals(Optional.of(Severity.INFO), candidatesColumn());
        assertEquals(List.of("debian_lp: module verification failed: signature and/or required key missing - tainting kernel"),
                signatureLinesOnTheCard());
        new ToggleSettingCommand(vm.sigEnforceProperty()).execute();
        assertEquals(Optional.of(Severity.REFUSED), candidatesColumn());
        assertEquals(List.of("Loading of unsigned module is rejected"), signatureLinesOnTheCard());
        new ToggleSettingCommand(vm.sigEnforceProperty()).execute();
        new ToggleSettingCommand(vm.lockdownProperty()).execute();
        assertEquals(List.of("Lockdown: insmod: unsigned module loading is restricted; see man kernel_lockdown.7"),
                signatureLinesOnTheCard());
    }

    private Optional<Severity> candidatesColumn() {
        TreeRow.CandidatesRow row = TargetTree.candidatesRow(vm.getInspection());
        vm.selectedProperty().set(row);
        return ColumnWorst.cell(vm.getInspection(), row, 0);
    }

    /** The kernel lines of the signature-trust findings on the cards the details pane shows for the selected row. */
    private List<String> signatureLinesOnTheCard() {
        return vm.details().stream().flatMap(d -> d.candidate().findings().stream())
                .filter(f -> f.check().equals("signature-trust")).map(f -> f.kernelMessage().orElseThrow()).toList();
    }
}
