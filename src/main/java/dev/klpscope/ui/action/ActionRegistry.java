package dev.klpscope.ui.action;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The one command of each {@link StandardAction}; registering an action twice is a programming error. */
public final class ActionRegistry {

    private final Map<StandardAction, Command> commands = new EnumMap<>(StandardAction.class);

    public ActionRegistry register(StandardAction action, Command command) {
        if (commands.putIfAbsent(action, command) != null) {
            throw new IllegalStateException(action + " is registered twice");
        }
        return this;
    }

    public Command command(StandardAction action) {
        Command c = commands.get(action);
        if (c == null) {
            throw new IllegalStateException(action + " has no command");
        }
        return c;
    }

    /** Runs the action's command if it is executable now; true when it ran. */
    public boolean execute(StandardAction action) {
        Command c = command(action);
        if (!c.isExecutable()) {
            return false;
        }
        c.execute();
        return true;
    }

    public Map<StandardAction, Command> all() {
        return Collections.unmodifiableMap(commands);
    }
}
