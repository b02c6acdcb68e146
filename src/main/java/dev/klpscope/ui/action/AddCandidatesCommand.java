package dev.klpscope.ui.action;

import dev.klpscope.ui.dialog.Dialogs;
import dev.klpscope.ui.dialog.FileKind;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.RecentFiles;

import java.nio.file.Path;
import java.util.List;

/**
 * File → Add Candidates (Ctrl+Shift+O): modules or a vmlinux, each remembered in the recent files; a kernel package
 * chosen here is searched for the patch's objects, as with {@link AddKernelsCommand}.
 */
public final class AddCandidatesCommand extends Command {

    private final MainViewModel vm;
    private final Dialogs dialogs;
    private final RecentFiles recent;

    public AddCandidatesCommand(MainViewModel vm, Dialogs dialogs, RecentFiles recent) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.recent = recent;
    }

    @Override
    public void execute() {
        List<Path> files = dialogs.openFiles("Add candidate modules", OpenPatchCommand.lastFolder(recent),
                List.of(FileKind.KERNEL_OBJECTS, FileKind.KERNEL_PACKAGES, FileKind.ANY));
        if (!files.isEmpty()) {
            files.forEach(recent::add);
            vm.addCandidates(files);
        }
    }
}
