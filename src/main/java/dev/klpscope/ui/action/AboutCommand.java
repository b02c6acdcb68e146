package dev.klpscope.ui.action;

import dev.klpscope.check.ToolVersion;
import dev.klpscope.ui.dialog.Dialogs;

/** Help → About: the tool's name and version. */
public final class AboutCommand extends Command {

    private final Dialogs dialogs;

    public AboutCommand(Dialogs dialogs) {
        this.dialogs = dialogs;
    }

    @Override
    public void execute() {
        dialogs.inform("About " + ToolVersion.NAME, ToolVersion.NAME, ToolVersion.NAME + " " + ToolVersion.version()
                + "\nChecks a livepatch against candidate versions of the objects it patches.");
    }
}
