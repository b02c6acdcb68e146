package dev.klpscope.ui.view;

import dev.klpscope.ui.action.OpenRecentCommand;
import dev.klpscope.ui.action.RecentFilesKeeper;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.RecentFiles;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;

/** File → Open Recent, read again from the preferences each time it opens. */
final class RecentFilesMenu {

    private RecentFilesMenu() {
    }

    static Menu of(MainViewModel vm, RecentFiles recent) {
        Menu menu = new Menu("Open _Recent");
        menu.setId("recentMenu");
        menu.setOnShowing(e -> fill(menu, vm, recent));
        fill(menu, vm, recent);
        return menu;
    }

    private static void fill(Menu menu, MainViewModel vm, RecentFiles recent) {
        menu.getItems().clear();
        for (OpenRecentCommand command : RecentFilesKeeper.commands(vm, recent)) {
            MenuItem i = new MenuItem(command.text());
            i.setMnemonicParsing(false);
            i.setOnAction(e -> command.execute());
            menu.getItems().add(i);
        }
        if (menu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("(none)");
            none.setDisable(true);
            menu.getItems().add(none);
        }
    }
}
