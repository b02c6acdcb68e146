package dev.klpscope.ui.action;

import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.RecentFiles;

import java.util.List;

/**
 * An entry of File → Open Recent: a livepatch replaces the current files with itself and the candidates it was
 * last open with; any other file is dropped on the window (a module becomes one more candidate).
 */
public final class OpenRecentCommand extends Command {

    private final MainViewModel vm;
    private final RecentFiles.Entry entry;

    public OpenRecentCommand(MainViewModel vm, RecentFiles.Entry entry) {
        this.vm = vm;
        this.entry = entry;
    }

    @Override
    public void execute() {
        if (entry.isPatch()) {
            vm.open(entry.path(), entry.candidates().orElseThrow());
        } else {
            vm.drop(List.of(entry.path()));
        }
    }

    /** The menu text: the path, and for a livepatch how many candidates come with it. */
    public String text() {
        return entry.path() + (entry.isPatch()
                ? "  (livepatch, with " + entry.candidates().orElseThrow().size() + " candidates)" : "");
    }
}
