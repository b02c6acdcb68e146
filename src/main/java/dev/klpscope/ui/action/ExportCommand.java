package dev.klpscope.ui.action;

import dev.klpscope.ui.dialog.Dialogs;
import dev.klpscope.ui.dialog.FileKind;
import dev.klpscope.ui.export.SafeSave;
import dev.klpscope.ui.model.Jobs;
import dev.klpscope.ui.model.MainViewModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * File → Export → …: asks where, then writes in the background, atomically and never over a loaded input
 * ({@link SafeSave}). What is written is taken on the UI thread (a snapshot, the current result) and turned
 * into bytes on the worker.
 */
public final class ExportCommand extends Command {

    /** What an export writes. */
    public interface Content {
        /** Called on the UI thread; the returned supplier runs in the background. */
        Supplier<byte[]> take();
    }

    private final MainViewModel vm;
    private final Jobs jobs;
    private final Dialogs dialogs;
    private final FileKind kind;
    private final Supplier<String> name;
    private final Content content;

    /**
     * @param name    the proposed file name, asked when the command runs (it names the patch)
     * @param content what is written
     */
    public ExportCommand(MainViewModel vm, Jobs jobs, Dialogs dialogs, FileKind kind, Supplier<String> name,
                         Content content) {
        this.vm = vm;
        this.jobs = jobs;
        this.dialogs = dialogs;
        this.kind = kind;
        this.name = name;
        this.content = content;
    }

    /** An export that needs a result (review image, reports). */
    public ExportCommand needingResult() {
        executableWhen(vm.inspectionProperty().isNotNull());
        return this;
    }

    @Override
    public void execute() {
        dialogs.saveFile("Export " + kind.description(), name.get(), kind).ifPresent(this::save);
    }

    private void save(Path target) {
        Supplier<byte[]> bytes = content.take();
        List<String> inputs = vm.workspaceProperty().get().inputPaths();
        jobs.submit("Saving " + target.getFileName(), p -> {
            try {
                SafeSave.write(target, bytes.get(), inputs);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            return target;
        }, t -> vm.say("Saved " + t), e -> vm.fail("Could not save " + target + ": " + e.getMessage()));
    }
}
