package dev.klpscope.ui.action;

import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.RecentFiles;
import dev.klpscope.ui.model.Workspace;

import java.nio.file.Path;
import java.util.List;

/**
 * Keeps the loaded livepatch at the top of the recent files, with the candidates it is inspected against, each
 * time the files change (however they were opened: dialog, drop, recent list, command line).
 */
public final class RecentFilesKeeper {

    private RecentFilesKeeper() {
    }

    public static void follow(MainViewModel vm, RecentFiles recent) {
        vm.workspaceProperty().addListener((o, a, w) -> remember(recent, w));
    }

    private static void remember(RecentFiles recent, Workspace w) {
        w.patch().ifPresent(p -> recent.addPatch(Path.of(p.path()), w.candidates().stream().map(k -> Path.of(k.path())).toList()));
    }

    /** Lists the entries as commands, newest first. */
    public static List<OpenRecentCommand> commands(MainViewModel vm, RecentFiles recent) {
        return recent.entries().stream().map(e -> new OpenRecentCommand(vm, e)).toList();
    }
}
