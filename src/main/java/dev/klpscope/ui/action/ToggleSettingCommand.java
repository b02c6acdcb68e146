package dev.klpscope.ui.action;

import javafx.beans.property.BooleanProperty;

/** Check → Require All Objects: a yes/no option ({@code --require-all-objects}) switched on and off. */
public final class ToggleSettingCommand extends Command {

    private final BooleanProperty setting;

    public ToggleSettingCommand(BooleanProperty setting) {
        this.setting = setting;
    }

    /** What the menu's check item shows and edits. */
    public BooleanProperty setting() {
        return setting;
    }

    @Override
    public void execute() {
        setting.set(!setting.get());
    }
}
