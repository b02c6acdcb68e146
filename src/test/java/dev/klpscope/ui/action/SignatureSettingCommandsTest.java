package dev.klpscope.ui.action;

import dev.klpscope.check.SignatureSettings;
import dev.klpscope.ui.model.Jobs;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.SampleScenario;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
}
