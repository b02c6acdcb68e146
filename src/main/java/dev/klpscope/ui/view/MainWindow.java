package dev.klpscope.ui.view;

import dev.klpscope.ui.action.ActionFactory;
import dev.klpscope.ui.action.ActionRegistry;
import dev.klpscope.ui.dialog.Dialogs;
import dev.klpscope.ui.dialog.FxDialogs;
import dev.klpscope.ui.export.Png;
import dev.klpscope.report.image.ReviewImage;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.RecentFiles;
import dev.klpscope.ui.theme.Theme;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.io.ByteArrayInputStream;

import static dev.klpscope.ui.action.ActionFactory.SEPARATOR;
import static dev.klpscope.ui.action.StandardAction.COLLAPSE_ALL;
import static dev.klpscope.ui.action.StandardAction.COPY_REVIEW_IMAGE;
import static dev.klpscope.ui.action.StandardAction.COPY_ROW;
import static dev.klpscope.ui.action.StandardAction.EXPAND_ALL;
import static dev.klpscope.ui.action.StandardAction.NEXT_FINDING;
import static dev.klpscope.ui.action.StandardAction.PREVIOUS_FINDING;
import static dev.klpscope.ui.action.StandardAction.SHOW_ALL_TARGETS;

/**
 * The window's layout: menus and tool bars on top, inputs, the target tree and details in the middle, summary and
 * status below. What the window does is in its commands ({@link WindowActions}); each part is its own small view.
 */
public final class MainWindow {

    private final MainViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TargetTreeView tree;
    private final ActionRegistry actions;
    private final ActionFactory factory;
    private Theme theme;

    /** The window with native dialogs. */
    public MainWindow(MainViewModel vm, FxJobs jobs, RecentFiles recent, Theme theme) {
        this(vm, jobs, recent, theme, new FxDialogs());
    }

    /** @param dialogs how the window asks the user (tests pass a fake) */
    public MainWindow(MainViewModel vm, FxJobs jobs, RecentFiles recent, Theme theme, Dialogs dialogs) {
        this.vm = vm;
        this.theme = theme;
        this.tree = new TargetTreeView(vm);
        root.setId("mainRoot");
        TextField search = SearchField.of(vm);
        actions = WindowActions.register(this, vm, jobs, dialogs, recent, search);
        factory = new ActionFactory(actions);

        // The patch's own findings sit above the tree whatever is selected (hidden when it has none).
        VBox treeArea = new VBox(new PatchFindingsView(vm).node(), new FilterNoteView(vm).node(), tree.node(),
                new BuildMatrixView(vm).node());
        treeArea.setId("treeArea");
        VBox.setVgrow(tree.node(), Priority.ALWAYS);
        tree.node().setContextMenu(factory.contextMenu(COPY_ROW, COPY_REVIEW_IMAGE, SEPARATOR, NEXT_FINDING,
                PREVIOUS_FINDING, SEPARATOR, EXPAND_ALL, COLLAPSE_ALL, SHOW_ALL_TARGETS));
        SplitPane split = new SplitPane(new InputsView(vm, factory).node(), treeArea, new DetailsView(vm).node());
        split.setId("mainSplit");
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.24, 0.6);
        root.setCenter(split);
        root.setTop(new VBox(MainMenuBar.of(factory, RecentFilesMenu.of(vm, recent)),
                MainToolBar.of(factory, search), FilterBar.of(vm), ProblemBanner.of(vm)));
        root.setBottom(new VBox(SummaryBar.of(vm), StatusLine.of(vm, jobs)));
        FileDropTarget.install(root, vm);
        recent.follow(vm);
    }

    public Parent root() {
        return root;
    }

    /** The scene, themed, with every shortcut handled at scene level whatever has the focus. */
    public Scene scene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        theme.apply(scene);
        factory.installShortcuts(scene);
        return scene;
    }

    public TargetTreeView tree() {
        return tree;
    }

    /** The commands of this window's actions, for whoever runs one directly (tests, scripts of the docs). */
    public ActionRegistry actions() {
        return actions;
    }

    /** The review image the command line draws too ({@code report.image}), as a JavaFX image for the clipboard. */
    public Image reviewImage() {
        return new Image(new ByteArrayInputStream(ReviewImage.png(vm.getInspection())));
    }

    /** The window as it is on screen. */
    public Image viewImage() {
        return Png.snapshot(root);
    }

    public void setTheme(Theme t) {
        theme = t;
        if (root.getScene() != null) {
            t.apply(root.getScene());
        }
    }

    public Theme theme() {
        return theme;
    }
}
