package dev.klpscope.ui.view;

import dev.klpscope.ui.action.ActionFactory;
import dev.klpscope.ui.action.StandardAction;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.SeparatorMenuItem;

import static dev.klpscope.ui.action.StandardAction.ABOUT;
import static dev.klpscope.ui.action.StandardAction.ADD_CANDIDATES;
import static dev.klpscope.ui.action.StandardAction.ADD_KERNEL_FOLDER;
import static dev.klpscope.ui.action.StandardAction.ADD_KERNEL_PACKAGES;
import static dev.klpscope.ui.action.StandardAction.COLLAPSE_ALL;
import static dev.klpscope.ui.action.StandardAction.COPY_REVIEW_IMAGE;
import static dev.klpscope.ui.action.StandardAction.COPY_ROW;
import static dev.klpscope.ui.action.StandardAction.COPY_VIEW;
import static dev.klpscope.ui.action.StandardAction.EXPAND_ALL;
import static dev.klpscope.ui.action.StandardAction.EXPORT_HTML;
import static dev.klpscope.ui.action.StandardAction.EXPORT_JSON;
import static dev.klpscope.ui.action.StandardAction.EXPORT_MARKDOWN;
import static dev.klpscope.ui.action.StandardAction.EXPORT_REVIEW_IMAGE;
import static dev.klpscope.ui.action.StandardAction.EXPORT_VIEW;
import static dev.klpscope.ui.action.ActionFactory.SEPARATOR;
import static dev.klpscope.ui.action.StandardAction.FIND;
import static dev.klpscope.ui.action.StandardAction.MAKE_BASELINE;
import static dev.klpscope.ui.action.StandardAction.MOVE_CANDIDATE_LEFT;
import static dev.klpscope.ui.action.StandardAction.MOVE_CANDIDATE_RIGHT;
import static dev.klpscope.ui.action.StandardAction.NEXT_FINDING;
import static dev.klpscope.ui.action.StandardAction.OPEN_PATCH;
import static dev.klpscope.ui.action.StandardAction.PREVIOUS_FINDING;
import static dev.klpscope.ui.action.StandardAction.QUIT;
import static dev.klpscope.ui.action.StandardAction.REMOVE_CANDIDATE;
import static dev.klpscope.ui.action.StandardAction.SHOW_ALL_TARGETS;
import static dev.klpscope.ui.action.StandardAction.TOGGLE_THEME;

/** File, Edit, View and Help, every item made from its {@link StandardAction}. */
final class MainMenuBar {

    private MainMenuBar() {
    }

    static MenuBar of(ActionFactory actions, Menu recent) {
        Menu export = menu(actions, "_Export", EXPORT_REVIEW_IMAGE, EXPORT_VIEW, SEPARATOR, EXPORT_MARKDOWN, EXPORT_HTML, EXPORT_JSON);
        Menu file = menu(actions, "_File", OPEN_PATCH, ADD_CANDIDATES, ADD_KERNEL_PACKAGES,
                ADD_KERNEL_FOLDER);
        file.getItems().addAll(recent, new SeparatorMenuItem(), export, new SeparatorMenuItem(), actions.menuItem(QUIT));
        MenuBar bar = new MenuBar(file,
                menu(actions, "_Edit", COPY_ROW, COPY_REVIEW_IMAGE, COPY_VIEW, SEPARATOR, FIND, SEPARATOR,
                        MOVE_CANDIDATE_LEFT, MOVE_CANDIDATE_RIGHT, MAKE_BASELINE, REMOVE_CANDIDATE),
                menu(actions, "_View", NEXT_FINDING, PREVIOUS_FINDING, SEPARATOR, EXPAND_ALL, COLLAPSE_ALL,
                        SHOW_ALL_TARGETS, SEPARATOR, TOGGLE_THEME),
                CheckMenu.of(actions),
                menu(actions, "_Help", ABOUT));
        bar.setId("menuBar");
        return bar;
    }

    /** A menu of these actions; {@link ActionFactory#SEPARATOR} between groups. */
    static Menu menu(ActionFactory actions, String text, StandardAction... items) {
        Menu m = new Menu(text);
        m.getItems().setAll(actions.menuItems(items));
        return m;
    }
}
