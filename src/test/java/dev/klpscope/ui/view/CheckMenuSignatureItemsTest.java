package dev.klpscope.ui.view;

import dev.klpscope.check.SignatureSettings;
import dev.klpscope.ui.action.ActionRegistry;
import dev.klpscope.ui.action.StandardAction;
import dev.klpscope.ui.action.ToggleSettingCommand;
import dev.klpscope.ui.dialog.FakeDialogs;
import dev.klpscope.ui.model.Jobs;
import dev.klpscope.ui.model.MainViewModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The Check menu's two signature items as the window registers them, without a stage: Enforce Module Signatures is
 * {@code --sig-enforce}, Kernel Lockdown is {@code --lockdown}, each a check item (a toggle) of its own setting.
 */
class CheckMenuSignatureItemsTest {

    final MainViewModel vm = new MainViewModel(Jobs.INLINE);
    final ActionRegistry registry = new ActionRegistry();

    @Test
    void eachItemTogglesItsOwnOption() {
        CheckMenu.register(registry, vm, new FakeDialogs());
        assertSame(vm.sigEnforceProperty(),
                assertInstanceOf(ToggleSettingCommand.class, registry.command(StandardAction.SIG_ENFORCE)).setting());
        assertSame(vm.lockdownProperty(),
                assertInstanceOf(ToggleSettingCommand.class, registry.command(StandardAction.LOCKDOWN)).setting());
        registry.execute(StandardAction.LOCKDOWN);
        assertEquals(new SignatureSettings(false, true), vm.settings().signatures());
        registry.execute(StandardAction.SIG_ENFORCE);
        registry.execute(StandardAction.LOCKDOWN);
        assertEquals(new SignatureSettings(true, false), vm.settings().signatures());
    }

    @Test
    void theItemsSayWhatTheyDo() {
        assertEquals("Enforce Module Signatures", StandardAction.SIG_ENFORCE.plainText());
        assertEquals("Kernel Lockdown", StandardAction.LOCKDOWN.plainText());
    }
}
