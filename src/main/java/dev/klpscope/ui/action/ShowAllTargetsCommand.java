package dev.klpscope.ui.action;

import dev.klpscope.ui.model.MainViewModel;

/** View → Show All Targets (Escape): clears search and filters and puts the focus back on the tree. */
public final class ShowAllTargetsCommand extends Command {

    private final MainViewModel vm;
    private final Runnable focusTree;

    public ShowAllTargetsCommand(MainViewModel vm, Runnable focusTree) {
        this.vm = vm;
        this.focusTree = focusTree;
    }

    @Override
    public void execute() {
        vm.clearFilters();
        focusTree.run();
    }
}
