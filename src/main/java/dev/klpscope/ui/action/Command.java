package dev.klpscope.ui.action;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableBooleanValue;

/**
 * What a {@link StandardAction} does. Menus, tool bars, context menus and shortcuts all call {@link #execute()}
 * and are enabled by {@link #executableProperty()}, which subclasses bind to the view-model's state.
 */
public abstract class Command {

    private final ReadOnlyBooleanWrapper executable = new ReadOnlyBooleanWrapper(true);

    /** Runs the command; callers check {@link #isExecutable()} first. */
    public abstract void execute();

    public final ReadOnlyBooleanProperty executableProperty() {
        return executable.getReadOnlyProperty();
    }

    public final boolean isExecutable() {
        return executable.get();
    }

    /** Makes the command executable only while {@code condition} holds. */
    protected final void executableWhen(ObservableBooleanValue condition) {
        executable.bind(condition);
    }
}
