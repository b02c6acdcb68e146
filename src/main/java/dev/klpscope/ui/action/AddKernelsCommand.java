package dev.klpscope.ui.action;

import dev.klpscope.ui.dialog.Dialogs;
import dev.klpscope.ui.dialog.FileKind;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.RecentFiles;
import javafx.beans.binding.Bindings;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * File → Add Kernel Packages / Add Kernel Folder: {@code check --kernels} in the window. The packages or the folder
 * are searched for the objects the open patch names, in the background (see {@code load.KernelCandidates}).
 */
public final class AddKernelsCommand extends Command {

    private final MainViewModel vm;
    private final Function<Dialogs, List<Path>> ask;
    private final Dialogs dialogs;

    private AddKernelsCommand(MainViewModel vm, Dialogs dialogs, Function<Dialogs, List<Path>> ask) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.ask = ask;
        // A package is searched for the objects the patch names: nothing to search for before a patch is open.
        executableWhen(Bindings.createBooleanBinding(() -> vm.workspaceProperty().get().patch().isPresent(),
                vm.workspaceProperty()));
    }

    /** {@code .deb}, {@code .ddeb}, {@code .rpm} files. */
    public static AddKernelsCommand packages(MainViewModel vm, Dialogs dialogs, RecentFiles recent) {
        return new AddKernelsCommand(vm, dialogs, d -> d.openFiles("Add kernel packages", OpenPatchCommand.lastFolder(recent),
                List.of(FileKind.KERNEL_PACKAGES, FileKind.ANY)));
    }

    /** A folder of packages, an installed tree ({@code /lib/modules/RELEASE}) or a kernel build folder. */
    public static AddKernelsCommand folder(MainViewModel vm, Dialogs dialogs, RecentFiles recent) {
        return new AddKernelsCommand(vm, dialogs, d -> d.openFolder("Add a folder of kernel builds",
                OpenPatchCommand.lastFolder(recent)).stream().toList());
    }

    @Override
    public void execute() {
        List<Path> chosen = ask.apply(dialogs);
        if (!chosen.isEmpty()) {
            vm.addCandidates(chosen);
        }
    }
}
