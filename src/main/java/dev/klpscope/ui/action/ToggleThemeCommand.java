package dev.klpscope.ui.action;

import dev.klpscope.ui.theme.Theme;

import java.util.function.Consumer;
import java.util.function.Supplier;

/** View → Dark Theme (Ctrl+Shift+D): light to dark and back. */
public final class ToggleThemeCommand extends Command {

    private final Supplier<Theme> current;
    private final Consumer<Theme> apply;

    public ToggleThemeCommand(Supplier<Theme> current, Consumer<Theme> apply) {
        this.current = current;
        this.apply = apply;
    }

    @Override
    public void execute() {
        apply.accept(current.get() == Theme.DARK ? Theme.LIGHT : Theme.DARK);
    }
}
