package dev.klpscope.ui.action;

import dev.klpscope.ui.model.MainViewModel;

import java.util.function.Consumer;

/** View → Expand All / Collapse All (Ctrl+E / Ctrl+Shift+E). */
public final class ExpandAllCommand extends Command {

    private final Consumer<Boolean> expandAll;
    private final boolean expand;

    /** @param expandAll the tree's expand ({@code true}) or collapse ({@code false}) of every target */
    public static ExpandAllCommand expanding(MainViewModel vm, Consumer<Boolean> expandAll) {
        return new ExpandAllCommand(vm, expandAll, true);
    }

    /** @param expandAll the tree's expand ({@code true}) or collapse ({@code false}) of every target */
    public static ExpandAllCommand collapsing(MainViewModel vm, Consumer<Boolean> expandAll) {
        return new ExpandAllCommand(vm, expandAll, false);
    }

    private ExpandAllCommand(MainViewModel vm, Consumer<Boolean> expandAll, boolean expand) {
        this.expandAll = expandAll;
        this.expand = expand;
        executableWhen(vm.inspectionProperty().isNotNull());
    }

    @Override
    public void execute() {
        expandAll.accept(expand);
    }
}
