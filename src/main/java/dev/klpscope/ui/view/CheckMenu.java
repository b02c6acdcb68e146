package dev.klpscope.ui.view;

import dev.klpscope.ui.action.ActionFactory;
import dev.klpscope.ui.action.ActionRegistry;
import dev.klpscope.ui.action.ChooseSettingCommand;
import dev.klpscope.ui.action.EditIgnoreRulesCommand;
import dev.klpscope.ui.action.SettingFileCommand;
import dev.klpscope.ui.action.ToggleSettingCommand;
import dev.klpscope.ui.dialog.Dialogs;
import dev.klpscope.ui.dialog.FileKind;
import dev.klpscope.ui.model.MainViewModel;
import javafx.scene.control.Menu;
import javafx.scene.control.SeparatorMenuItem;

import java.util.List;

import static dev.klpscope.ui.action.ActionFactory.SEPARATOR;
import static dev.klpscope.ui.action.StandardAction.CHOOSE_ACCEPT_FILE;
import static dev.klpscope.ui.action.StandardAction.CHOOSE_BTF_BASE;
import static dev.klpscope.ui.action.StandardAction.CHOOSE_FAIL_ON;
import static dev.klpscope.ui.action.StandardAction.CHOOSE_LOADER;
import static dev.klpscope.ui.action.StandardAction.CLEAR_ACCEPT_FILE;
import static dev.klpscope.ui.action.StandardAction.CLEAR_BTF_BASE;
import static dev.klpscope.ui.action.StandardAction.EDIT_IGNORE_RULES;
import static dev.klpscope.ui.action.StandardAction.NO_CACHE;
import static dev.klpscope.ui.action.StandardAction.LOCKDOWN;
import static dev.klpscope.ui.action.StandardAction.REQUIRE_ALL_OBJECTS;
import static dev.klpscope.ui.action.StandardAction.SIG_ENFORCE;

/**
 * The Check menu: a place for each option of {@code check} ({@code --loader}, {@code --require-all-objects},
 * {@code --fail-on}, {@code --ignore}, {@code --accept}, {@code --btf-base}, {@code --sig-enforce},
 * {@code --lockdown}), each editing the view-model's setting, which inspects again; and {@code --no-cache}, which
 * changes only how the next packages are read.
 */
final class CheckMenu {

    /** What an accept file is: ids one a line, {@code #} comments. */
    static final FileKind ACCEPT_LIST = new FileKind("Accepted finding ids", List.of("*.txt", "*.accept"));
    static final FileKind BTF_BASE = new FileKind("vmlinux or its BTF", List.of("vmlinux*", "*.btf"));

    private CheckMenu() {
    }

    static void register(ActionRegistry r, MainViewModel vm, Dialogs dialogs) {
        r.register(CHOOSE_LOADER, ChooseSettingCommand.loader(dialogs, vm.loaderProperty()))
                .register(REQUIRE_ALL_OBJECTS, new ToggleSettingCommand(vm.requireAllObjectsProperty()))
                .register(CHOOSE_FAIL_ON, ChooseSettingCommand.failOn(dialogs, vm.failOnProperty()))
                .register(EDIT_IGNORE_RULES, new EditIgnoreRulesCommand(dialogs, vm.ignoreRules()))
                .register(CHOOSE_ACCEPT_FILE, SettingFileCommand.choosing(dialogs, "Accept File", vm.acceptFileProperty(), ACCEPT_LIST))
                .register(CLEAR_ACCEPT_FILE, SettingFileCommand.clearing(vm.acceptFileProperty()))
                .register(CHOOSE_BTF_BASE, SettingFileCommand.choosing(dialogs, "BTF Base", vm.btfBaseProperty(), BTF_BASE))
                .register(CLEAR_BTF_BASE, SettingFileCommand.clearing(vm.btfBaseProperty()))
                .register(SIG_ENFORCE, new ToggleSettingCommand(vm.sigEnforceProperty()))
                .register(LOCKDOWN, new ToggleSettingCommand(vm.lockdownProperty()))
                .register(NO_CACHE, new ToggleSettingCommand(vm.noCacheProperty()));
    }

    static Menu of(ActionFactory actions) {
        Menu m = MainMenuBar.menu(actions, "_Check", CHOOSE_LOADER, CHOOSE_FAIL_ON, SEPARATOR, EDIT_IGNORE_RULES,
                CHOOSE_ACCEPT_FILE, CLEAR_ACCEPT_FILE, SEPARATOR, CHOOSE_BTF_BASE, CLEAR_BTF_BASE);
        m.getItems().add(2, actions.checkMenuItem(REQUIRE_ALL_OBJECTS));
        m.getItems().addAll(new SeparatorMenuItem(), actions.checkMenuItem(SIG_ENFORCE), actions.checkMenuItem(LOCKDOWN));
        m.getItems().addAll(new SeparatorMenuItem(), actions.checkMenuItem(NO_CACHE));
        m.setId("checkMenu");
        return m;
    }
}
