package dev.klpscope.ui.action;

import dev.klpscope.ui.dialog.Dialogs;
import dev.klpscope.ui.dialog.FileKind;
import dev.klpscope.ui.model.CandidateRow;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.RecentFiles;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * File → Open Patch (Ctrl+O). With candidates loaded it asks whether to keep them: candidates of another object
 * or kernel would turn every target {@code refused}, and keeping them silently hid that.
 */
public final class OpenPatchCommand extends Command {

    /** The answers to "keep the candidates?", the first the default. */
    public enum Keep {
        KEEP("Keep them"), DROP("Open without them");

        private final String text;

        Keep(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private final MainViewModel vm;
    private final Dialogs dialogs;
    private final RecentFiles recent;

    public OpenPatchCommand(MainViewModel vm, Dialogs dialogs, RecentFiles recent) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.recent = recent;
    }

    @Override
    public void execute() {
        Optional<Path> patch = dialogs.openFile("Open livepatch", lastFolder(recent), List.of(FileKind.KERNEL_OBJECTS, FileKind.ANY));
        if (patch.isEmpty()) {
            return;
        }
        List<CandidateRow> loaded = List.copyOf(vm.candidates());
        if (vm.workspaceProperty().get().candidates().isEmpty()) {
            vm.openPatch(patch.get());
            return;
        }
        String names = loaded.stream().map(CandidateRow::label).collect(Collectors.joining(", "));
        dialogs.choose("Open livepatch", "Keep the " + loaded.size() + " loaded candidate"
                + (loaded.size() == 1 ? "" : "s") + " (" + names + ") for " + patch.get().getFileName() + "?",
                List.of(Keep.values())).ifPresent(answer -> {
            if (answer == Keep.KEEP) {
                vm.openPatch(patch.get());
            } else {
                vm.open(patch.get(), List.of());
            }
        });
    }

    /** The folder of the newest recent file: where the next file most likely is. */
    static Optional<Path> lastFolder(RecentFiles recent) {
        return recent.list().stream().findFirst().map(Path::getParent);
    }
}
