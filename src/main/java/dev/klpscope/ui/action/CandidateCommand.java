package dev.klpscope.ui.action;

import dev.klpscope.ui.model.MainViewModel;

import java.util.function.BiConsumer;

/**
 * An edit of the candidate selected in the inputs table (move its column, make it the baseline, remove it):
 * executable while one is selected.
 */
public final class CandidateCommand extends Command {

    private final MainViewModel vm;
    private final BiConsumer<MainViewModel, String> edit;

    /** @param edit what to do with the selected candidate's path */
    public CandidateCommand(MainViewModel vm, BiConsumer<MainViewModel, String> edit) {
        this.vm = vm;
        this.edit = edit;
        executableWhen(vm.selectedCandidateProperty().isNotNull());
    }

    @Override
    public void execute() {
        String path = vm.selectedCandidateProperty().get();
        if (path != null) {
            edit.accept(vm, path);
        }
    }
}
