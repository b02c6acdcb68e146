package dev.klpscope.ui.action;

import dev.klpscope.ui.model.MainViewModel;

/** View → Next / Previous Finding (F3 / Shift+F3): the next target shown whose verdict is not ok, wrapping. */
public final class StepFindingCommand extends Command {

    private final MainViewModel vm;
    private final boolean forward;

    public StepFindingCommand(MainViewModel vm, boolean forward) {
        this.vm = vm;
        this.forward = forward;
        executableWhen(vm.inspectionProperty().isNotNull());
    }

    @Override
    public void execute() {
        if (!vm.stepFinding(forward)) {
            vm.say("No finding among the targets shown");
        }
    }
}
