package dev.klpscope.ui.view;

import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.ReviewSheet;
import dev.klpscope.report.image.ReviewImage;
import dev.klpscope.ui.action.AboutCommand;
import dev.klpscope.ui.action.ActionRegistry;
import dev.klpscope.ui.action.AddCandidatesCommand;
import dev.klpscope.ui.action.AddKernelsCommand;
import dev.klpscope.ui.action.CandidateCommand;
import dev.klpscope.ui.action.ClipboardPort;
import dev.klpscope.ui.action.CopyImageCommand;
import dev.klpscope.ui.action.CopyRowCommand;
import dev.klpscope.ui.action.ExpandAllCommand;
import dev.klpscope.ui.action.ExportCommand;
import dev.klpscope.ui.action.FindCommand;
import dev.klpscope.ui.action.OpenPatchCommand;
import dev.klpscope.ui.action.QuitCommand;
import dev.klpscope.ui.action.ReportContent;
import dev.klpscope.ui.action.ShowAllTargetsCommand;
import dev.klpscope.ui.action.StepFindingCommand;
import dev.klpscope.ui.action.ToggleThemeCommand;
import dev.klpscope.ui.dialog.Dialogs;
import dev.klpscope.ui.dialog.FileKind;
import dev.klpscope.ui.export.Png;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.RecentFiles;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static dev.klpscope.ui.action.StandardAction.ABOUT;
import static dev.klpscope.ui.action.StandardAction.ADD_CANDIDATES;
import static dev.klpscope.ui.action.StandardAction.ADD_KERNEL_FOLDER;
import static dev.klpscope.ui.action.StandardAction.ADD_KERNEL_PACKAGES;
import static dev.klpscope.ui.action.StandardAction.COLLAPSE_ALL;
import static dev.klpscope.ui.action.StandardAction.COPY_REVIEW_IMAGE;
import static dev.klpscope.ui.action.StandardAction.COPY_ROW;
import static dev.klpscope.ui.action.StandardAction.COPY_VIEW;
import static dev.klpscope.ui.action.StandardAction.EXPAND_ALL;
import static dev.klpscope.ui.action.StandardAction.EXPORT_HTML;
import static dev.klpscope.ui.action.StandardAction.EXPORT_JSON;
import static dev.klpscope.ui.action.StandardAction.EXPORT_MARKDOWN;
import static dev.klpscope.ui.action.StandardAction.EXPORT_REVIEW_IMAGE;
import static dev.klpscope.ui.action.StandardAction.EXPORT_VIEW;
import static dev.klpscope.ui.action.StandardAction.FIND;
import static dev.klpscope.ui.action.StandardAction.MAKE_BASELINE;
import static dev.klpscope.ui.action.StandardAction.MOVE_CANDIDATE_LEFT;
import static dev.klpscope.ui.action.StandardAction.MOVE_CANDIDATE_RIGHT;
import static dev.klpscope.ui.action.StandardAction.NEXT_FINDING;
import static dev.klpscope.ui.action.StandardAction.OPEN_PATCH;
import static dev.klpscope.ui.action.StandardAction.PREVIOUS_FINDING;
import static dev.klpscope.ui.action.StandardAction.QUIT;
import static dev.klpscope.ui.action.StandardAction.REMOVE_CANDIDATE;
import static dev.klpscope.ui.action.StandardAction.SHOW_ALL_TARGETS;
import static dev.klpscope.ui.action.StandardAction.TOGGLE_THEME;

/** The one command of each standard action in this window, registered once; menus, buttons and keys use them. */
final class WindowActions {

    private WindowActions() {
    }

    static ActionRegistry register(MainWindow window, MainViewModel vm, FxJobs jobs, Dialogs dialogs, RecentFiles recent,
                                   TextField search) {
        Node root = window.root();
        Supplier<Node> focus = () -> root.getScene() == null ? null : root.getScene().getFocusOwner();
        ClipboardPort clipboard = ClipboardPort.system();
        ActionRegistry r = new ActionRegistry()
                .register(OPEN_PATCH, new OpenPatchCommand(vm, dialogs, recent))
                .register(ADD_CANDIDATES, new AddCandidatesCommand(vm, dialogs, recent))
                .register(ADD_KERNEL_PACKAGES, AddKernelsCommand.packages(vm, dialogs, recent))
                .register(ADD_KERNEL_FOLDER, AddKernelsCommand.folder(vm, dialogs, recent))
                .register(EXPORT_REVIEW_IMAGE, new ExportCommand(vm, jobs, dialogs, FileKind.PNG,
                        () -> ReviewSheet.fileName(vm.getInspection()), reviewPng(vm)).needingResult())
                .register(EXPORT_VIEW, new ExportCommand(vm, jobs, dialogs, FileKind.PNG,
                        () -> patchName(vm) + "-view.png", image(window::viewImage)))
                .register(QUIT, new QuitCommand(root))
                .register(COPY_ROW, new CopyRowCommand(vm, focus, clipboard))
                .register(COPY_REVIEW_IMAGE, new CopyImageCommand(vm, window::reviewImage, "review image", clipboard).needingResult())
                .register(COPY_VIEW, new CopyImageCommand(vm, window::viewImage, "current view", clipboard))
                .register(FIND, new FindCommand(search))
                .register(NEXT_FINDING, new StepFindingCommand(vm, true))
                .register(PREVIOUS_FINDING, new StepFindingCommand(vm, false))
                .register(EXPAND_ALL, ExpandAllCommand.expanding(vm, window.tree()::expandAll))
                .register(COLLAPSE_ALL, ExpandAllCommand.collapsing(vm, window.tree()::expandAll))
                .register(SHOW_ALL_TARGETS, new ShowAllTargetsCommand(vm, () -> window.tree().node().requestFocus()))
                .register(TOGGLE_THEME, new ToggleThemeCommand(window::theme, window::setTheme))
                .register(ABOUT, new AboutCommand(dialogs))
                .register(MOVE_CANDIDATE_LEFT, new CandidateCommand(vm, (m, path) -> m.moveCandidate(path, -1)))
                .register(MOVE_CANDIDATE_RIGHT, new CandidateCommand(vm, (m, path) -> m.moveCandidate(path, 1)))
                .register(MAKE_BASELINE, new CandidateCommand(vm, MainViewModel::makeBaseline))
                .register(REMOVE_CANDIDATE, new CandidateCommand(vm, MainViewModel::removeCandidate));
        CheckMenu.register(r, vm, dialogs);
        Map.of(EXPORT_MARKDOWN, ReportFormat.MARKDOWN, EXPORT_HTML, ReportFormat.HTML, EXPORT_JSON, ReportFormat.JSON)
                .forEach((action, format) -> r.register(action, report(vm, jobs, dialogs, format)));
        return r;
    }

    private static ExportCommand report(MainViewModel vm, FxJobs jobs, Dialogs dialogs, ReportFormat f) {
        FileKind kind = new FileKind(f.word() + " report", List.of("*." + f.extension()));
        return new ExportCommand(vm, jobs, dialogs, kind, () -> patchName(vm) + "-report." + f.extension(),
                ReportContent.of(vm, f)).needingResult();
    }

    /** The very bytes {@code check --format png} writes, drawn in the background. */
    private static ExportCommand.Content reviewPng(MainViewModel vm) {
        return () -> {
            var inspection = vm.getInspection();
            return () -> ReviewImage.png(inspection);
        };
    }

    /** Snapshots on the UI thread, encodes in the background. */
    private static ExportCommand.Content image(Supplier<Image> image) {
        return () -> {
            Image taken = image.get();
            return () -> Png.encode(taken);
        };
    }

    private static String patchName(MainViewModel vm) {
        return vm.getInspection() == null ? "klpscope" : vm.getInspection().patch().name();
    }
}
