package dev.klpscope.ui.view;

import dev.klpscope.ui.action.ActionFactory;
import dev.klpscope.ui.action.StandardAction;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;

/** Open, add, search and next/previous finding; the buttons are the registered actions. */
final class MainToolBar {

    private MainToolBar() {
    }

    static ToolBar of(ActionFactory actions, TextField search) {
        // Enter in the search field walks to the next finding among the matches.
        search.setOnAction(e -> actions.execute(StandardAction.NEXT_FINDING));
        ToolBar bar = new ToolBar(actions.button(StandardAction.OPEN_PATCH), actions.button(StandardAction.ADD_CANDIDATES),
                new Separator(), search, actions.button(StandardAction.PREVIOUS_FINDING),
                actions.button(StandardAction.NEXT_FINDING));
        bar.setId("toolBar");
        return bar;
    }
}
