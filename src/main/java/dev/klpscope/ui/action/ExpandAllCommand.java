package dev.klpscope.ui.action;

import dev.klpscope.ui.model.MainViewModel;

import java.util.function.Consumer;

/** View → Expand All / Collapse All (Ctrl+E / Ctrl+Shift+E). */
public final class ExpandAllCommand extends Command {

    private final Consumer<Boolean> expandAll;
    private final boolean expand;

    /** @param expandAll the tree's expand ({@code true}) or collapse ({@code false}) of every target */
    public ExpandAllCommand(MainViewModel vm, Consumer<Boolean> expandAll, boolean expand) {
        this.expandAll = expandAll;
        this.expand = expand;
        executableWhen(vm.inspectionProperty().isNotNull());
    }

    @Override
    public void execute() {
        expandAll.accept(expand);
    }
}
