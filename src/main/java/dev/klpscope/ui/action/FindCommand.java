package dev.klpscope.ui.action;

import javafx.scene.control.TextInputControl;

/** Edit → Find (Ctrl+F): the search field, its text selected so that typing replaces it. */
public final class FindCommand extends Command {

    private final TextInputControl search;

    public FindCommand(TextInputControl search) {
        this.search = search;
    }

    @Override
    public void execute() {
        search.requestFocus();
        search.selectAll();
    }
}
