package dev.klpscope.ui.view;

import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.TargetKind;
import dev.klpscope.check.ToolVersion;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.Reports;
import dev.klpscope.report.ReviewSheet;
import dev.klpscope.report.image.ReviewImage;
import dev.klpscope.ui.export.Png;
import dev.klpscope.ui.export.SafeSave;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.RecentFiles;
import dev.klpscope.ui.theme.Icons;
import dev.klpscope.ui.theme.Styles;
import dev.klpscope.ui.theme.Theme;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The window's content: menus, tool bar, inputs, the target tree, details, summary and status. */
public final class MainWindow {

    private final MainViewModel vm;
    private final FxJobs jobs;
    private final RecentFiles recent;
    private final BorderPane root = new BorderPane();
    private final TargetTreeView tree;
    private final InputsView inputs;
    private final DetailsView details;
    private final TextField search = new TextField();
    private final Menu recentMenu = new Menu("Open _Recent");
    private Theme theme;

    public MainWindow(MainViewModel vm, FxJobs jobs, RecentFiles recent, Theme theme) {
        this.vm = vm;
        this.jobs = jobs;
        this.recent = recent;
        this.theme = theme;
        this.tree = new TargetTreeView(vm);
        this.inputs = new InputsView(vm);
        this.details = new DetailsView(vm);
        root.setId("mainRoot");

        // The patch's own findings sit above the tree whatever is selected (hidden when it has none).
        VBox treeArea = new VBox(new PatchFindingsView(vm).node(), tree.node());
        treeArea.setId("treeArea");
        VBox.setVgrow(tree.node(), Priority.ALWAYS);
        SplitPane split = new SplitPane(inputs.node(), treeArea, details.node());
        split.setId("mainSplit");
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.24, 0.6);
        root.setCenter(split);
        root.setTop(new VBox(menuBar(), toolBar(), problemBanner()));
        root.setBottom(new VBox(summaryBar(), statusBar()));
        installDrop();
        vm.workspaceProperty().addListener((o, a, w) -> rememberPatch(w));
    }

    /** Keeps the loaded patch at the top of the recent list, with the candidates it is inspected against. */
    private void rememberPatch(dev.klpscope.ui.model.Workspace w) {
        w.patch().ifPresent(p -> recent.addPatch(Path.of(p.path()),
                w.candidates().stream().map(k -> Path.of(k.path())).toList()));
    }

    public Parent root() {
        return root;
    }

    public Scene scene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        theme.apply(scene);
        return scene;
    }

    public TargetTreeView tree() {
        return tree;
    }

    // ---- commands (public so that tests drive them without native dialogs) ---------------------

    /** Opens a livepatch, keeping the candidates; the recent list learns it once it has loaded (see {@link #rememberPatch}). */
    public void openPatch(Path p) {
        vm.openPatch(p);
    }

    /**
     * Opens an entry of File → Open Recent: a livepatch replaces the current files with itself and the candidates it
     * was last open with; any other file is dropped on the window (a module becomes one more candidate).
     */
    public void openRecent(RecentFiles.Entry entry) {
        if (entry.isPatch()) {
            vm.open(entry.path(), entry.candidates().orElseThrow());
        } else {
            vm.drop(List.of(entry.path()));
        }
    }

    public void addCandidates(List<Path> paths) {
        paths.forEach(recent::add);
        vm.addCandidates(paths);
    }

    /** What a drop on the window does: see {@link dev.klpscope.ui.model.DropPolicy}. */
    public void drop(List<File> files) {
        vm.drop(files.stream().map(File::toPath).toList());
    }

    public void copySelectedRow() {
        Node focus = root.getScene() == null ? null : root.getScene().getFocusOwner();
        if (focus instanceof TextInputControl t) {
            t.copy();
            return;
        }
        String text = vm.selectedRowText();
        if (!text.isEmpty()) {
            ClipboardContent c = new ClipboardContent();
            c.putString(text);
            Clipboard.getSystemClipboard().setContent(c);
            vm.say("Copied the selected row");
        }
    }

    /** The review image the command line draws too (report.image), shown or copied as a JavaFX image. */
    public Image reviewImage() {
        return new Image(new java.io.ByteArrayInputStream(ReviewImage.png(vm.getInspection())));
    }

    /** Saves the very bytes {@code check --format png} writes. */
    public void saveReviewImage(Path target) {
        Inspection i = vm.getInspection();
        save(target, () -> ReviewImage.png(i));
    }

    public Image viewImage() {
        return Png.snapshot(root);
    }

    public void copyImage(Image image, String what) {
        ClipboardContent c = new ClipboardContent();
        c.putImage(image);
        Clipboard.getSystemClipboard().setContent(c);
        vm.say("Copied the " + what + " to the clipboard");
    }

    /** Snapshots on the UI thread, encodes and saves in the background. */
    public void saveImage(Image image, Path target) {
        save(target, () -> Png.encode(image));
    }

    public void saveReport(ReportFormat format, Path target) {
        Inspection i = vm.getInspection();
        save(target, () -> Reports.render(i, format).getBytes(StandardCharsets.UTF_8));
    }

    private void save(Path target, java.util.function.Supplier<byte[]> content) {
        List<String> inputs = vm.workspaceProperty().get().inputPaths();
        jobs.submit("Saving " + target.getFileName(), p -> {
            try {
                SafeSave.write(target, content.get(), inputs);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e.getMessage(), e);
            }
            return target;
        }, t -> vm.say("Saved " + t), e -> vm.fail("Could not save " + target + ": " + e.getMessage()));
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

    // ---- pieces ---------------------------------------------------------------------------------

    private MenuBar menuBar() {
        MenuItem open = item("openPatchItem", "_Open Patch…", "Shortcut+O", this::chooseAndOpenPatch);
        MenuItem add = item("addCandidatesItem", "_Add Candidates…", "Shortcut+Shift+O", this::chooseAndAddCandidates);
        recentMenu.setId("recentMenu");
        recentMenu.setOnShowing(e -> fillRecent());
        fillRecent();
        Menu export = new Menu("_Export");
        export.getItems().addAll(
                item("exportReviewItem", "Review Image (PNG)…", null, () -> chooseAndSave(ReviewSheet.fileName(vm.getInspection()), "PNG image",
                        "*.png", this::saveReviewImage)),
                item("exportViewItem", "Current View (PNG)…", null, () -> chooseAndSave("view.png", "PNG image", "*.png",
                        p -> saveImage(viewImage(), p))),
                new SeparatorMenuItem(),
                reportItem(ReportFormat.MARKDOWN, "Markdown Report…"),
                reportItem(ReportFormat.HTML, "HTML Report…"),
                reportItem(ReportFormat.JSON, "JSON Report…"));
        export.disableProperty().bind(vm.inspectionProperty().isNull());
        MenuItem quit = item("quitItem", "_Quit", "Shortcut+Q", () -> root.getScene().getWindow().hide());
        Menu file = new Menu("_File", null, open, add, recentMenu, new SeparatorMenuItem(), export, new SeparatorMenuItem(), quit);

        MenuItem copyRow = item("copyRowItem", "_Copy Row", "Shortcut+C", this::copySelectedRow);
        MenuItem copyReview = item("copyReviewItem", "Copy Review _Image", "Shortcut+Shift+C",
                () -> copyImage(reviewImage(), "review image"));
        copyReview.disableProperty().bind(vm.inspectionProperty().isNull());
        MenuItem copyView = item("copyViewItem", "Copy Current _View", null, () -> copyImage(viewImage(), "current view"));
        MenuItem find = item("findItem", "_Find", "Shortcut+F", () -> {
            search.requestFocus();
            search.selectAll();
        });
        Menu edit = new Menu("_Edit", null, copyRow, copyReview, copyView, new SeparatorMenuItem(), find);

        MenuItem next = item("nextFindingItem", "_Next Finding", "F3", () -> step(true));
        MenuItem prev = item("previousFindingItem", "_Previous Finding", "Shift+F3", () -> step(false));
        MenuItem expand = item("expandAllItem", "_Expand All", "Shortcut+E", () -> tree.expandAll(true));
        MenuItem collapse = item("collapseAllItem", "C_ollapse All", "Shortcut+Shift+E", () -> tree.expandAll(false));
        MenuItem clear = item("clearFiltersItem", "Show _All Targets", "Escape", () -> {
            vm.clearFilters();
            tree.node().requestFocus();
        });
        MenuItem dark = item("toggleThemeItem", "_Dark Theme", "Shortcut+Shift+D",
                () -> setTheme(theme == Theme.DARK ? Theme.LIGHT : Theme.DARK));
        Menu view = new Menu("_View", null, next, prev, new SeparatorMenuItem(), expand, collapse, clear,
                new SeparatorMenuItem(), dark);

        MenuItem about = item("aboutItem", "_About", null, () -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION, ToolVersion.NAME + " " + ToolVersion.version()
                    + "\nChecks a livepatch against candidate versions of the objects it patches.");
            a.setHeaderText(ToolVersion.NAME);
            a.initOwner(window());
            a.show();
        });
        MenuBar bar = new MenuBar(file, edit, view, new Menu("_Help", null, about));
        bar.setId("menuBar");
        return bar;
    }

    private Node toolBar() {
        Button open = new Button("Open Patch…");
        open.setId("openPatchButton");
        open.setOnAction(e -> chooseAndOpenPatch());
        Button add = new Button("Add Candidates…");
        add.setId("addCandidatesButton");
        add.setOnAction(e -> chooseAndAddCandidates());

        search.setId("searchField");
        search.setPromptText("Search targets, objects, sites (Ctrl+F)");
        search.setPrefColumnCount(22);
        search.textProperty().bindBidirectional(vm.searchProperty());
        search.setOnAction(e -> step(true));

        CheckBox breaking = new CheckBox("Only breaking");
        breaking.setId("onlyBreaking");
        breaking.setTooltip(new Tooltip("Targets that are risk, silent, refused or crash for some candidate"));
        breaking.selectedProperty().bindBidirectional(vm.onlyBreakingProperty());

        HBox kinds = new HBox(2);
        for (TargetKind k : TargetKind.values()) {
            ToggleButton b = new ToggleButton(k.word() + "s", Icons.kind(k));
            b.setId("filter-" + k.word());
            b.setTooltip(new Tooltip("Show " + k.word() + " targets"));
            b.selectedProperty().bindBidirectional(vm.kindProperty(k));
            kinds.getChildren().add(b);
        }
        HBox severities = new HBox(2);
        for (Severity s : Severity.values()) {
            ToggleButton b = new ToggleButton(s.word(), Icons.severity(s));
            b.setId("severity-" + s.word());
            b.setTooltip(new Tooltip("Show targets whose worst verdict is " + s.word()));
            b.selectedProperty().bindBidirectional(vm.severityProperty(s));
            severities.getChildren().add(b);
        }
        Button prev = new Button("◀ Previous");
        prev.setId("previousFinding");
        prev.setTooltip(new Tooltip("Previous finding (Shift+F3)"));
        prev.setOnAction(e -> step(false));
        Button next = new Button("Next ▶");
        next.setId("nextFinding");
        next.setTooltip(new Tooltip("Next finding (F3)"));
        next.setOnAction(e -> step(true));
        ToolBar bar = new ToolBar(open, add, new javafx.scene.control.Separator(), search, prev, next);
        bar.setId("toolBar");
        // Filters get their own row so that none of them hides in the tool bar's overflow menu.
        ToolBar filters = new ToolBar(breaking, new javafx.scene.control.Separator(), kinds,
                new javafx.scene.control.Separator(), severities);
        filters.setId("filterBar");
        return new VBox(bar, filters);
    }

    private Node problemBanner() {
        Label text = new Label();
        text.setId("problemText");
        text.setWrapText(true);
        text.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", vm.problems()), vm.problems()));
        Button close = new Button("Dismiss");
        close.setId("dismissProblems");
        close.setOnAction(e -> vm.dismissProblems());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox banner = new HBox(Icons.severity(Severity.REFUSED), text, spacer, close);
        banner.setId("problemBanner");
        banner.getStyleClass().add(Styles.PROBLEM_BANNER);
        banner.visibleProperty().bind(Bindings.isNotEmpty(vm.problems()));
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private Node summaryBar() {
        Label summary = new Label();
        summary.setId("summaryLabel");
        summary.textProperty().bind(vm.summaryProperty());
        Label worst = new Label();
        worst.setId("worstLabel");
        vm.inspectionProperty().addListener((o, a, i) -> {
            Badges.undress(worst);
            if (i == null) {
                worst.setText("");
                worst.setGraphic(null);
            } else {
                worst.setText("worst: " + i.worst().word());
                worst.setGraphic(Icons.severity(i.worst()));
                Badges.dress(worst, i.worst());
            }
        });
        HBox bar = new HBox(worst, summary);
        bar.getStyleClass().add(Styles.SUMMARY_BAR);
        bar.setId("summaryBar");
        return bar;
    }

    private Node statusBar() {
        StatusBar status = new StatusBar();
        status.setId("statusBar");
        status.textProperty().bind(Bindings.when(jobs.runningProperty().and(jobs.messageProperty().isNotEmpty()))
                .then(jobs.messageProperty()).otherwise(vm.statusProperty()));
        status.progressProperty().bind(Bindings.when(jobs.runningProperty()).then(jobs.progressProperty()).otherwise(0.0));
        return status;
    }

    private void installDrop() {
        root.addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                if (!root.getStyleClass().contains(Styles.DROP_TARGET)) {
                    root.getStyleClass().add(Styles.DROP_TARGET);
                }
            }
            e.consume();
        });
        root.addEventHandler(DragEvent.DRAG_EXITED, e -> root.getStyleClass().remove(Styles.DROP_TARGET));
        root.addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            root.getStyleClass().remove(Styles.DROP_TARGET);
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                drop(e.getDragboard().getFiles());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    private void step(boolean forward) {
        if (!vm.stepFinding(forward)) {
            vm.say("No finding among the targets shown");
        }
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (RecentFiles.Entry entry : recent.entries()) {
            MenuItem i = new MenuItem(entry.path() + (entry.isPatch()
                    ? "  (livepatch, with " + entry.candidates().orElseThrow().size() + " candidates)" : ""));
            i.setMnemonicParsing(false);
            i.setOnAction(e -> openRecent(entry));
            recentMenu.getItems().add(i);
        }
        if (recentMenu.getItems().isEmpty()) {
            MenuItem none = new MenuItem("(none)");
            none.setDisable(true);
            recentMenu.getItems().add(none);
        }
    }

    private MenuItem reportItem(ReportFormat f, String text) {
        return item("export-" + f.word(), text, null, () -> chooseAndSave("klpscope-report." + f.extension(),
                f.word() + " report", "*." + f.extension(), p -> saveReport(f, p)));
    }

    private static MenuItem item(String id, String text, String accelerator, Runnable action) {
        MenuItem i = new MenuItem(text);
        i.setId(id);
        if (accelerator != null) {
            i.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        i.setOnAction(e -> action.run());
        return i;
    }

    // ---- native dialogs -------------------------------------------------------------------------

    private Window window() {
        return root.getScene().getWindow();
    }

    private FileChooser koChooser(String title) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        c.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Kernel objects", "*.ko", "*.ko.xz", "*.ko.zst",
                "*.ko.gz", "vmlinux*"), new FileChooser.ExtensionFilter("All files", "*"));
        recent.list().stream().findFirst().map(p -> p.getParent().toFile()).filter(File::isDirectory)
                .ifPresent(c::setInitialDirectory);
        return c;
    }

    private void chooseAndOpenPatch() {
        File f = koChooser("Open livepatch").showOpenDialog(window());
        if (f != null) {
            openPatch(f.toPath());
        }
    }

    private void chooseAndAddCandidates() {
        List<File> files = koChooser("Add candidate modules").showOpenMultipleDialog(window());
        if (files != null && !files.isEmpty()) {
            addCandidates(files.stream().map(File::toPath).toList());
        }
    }

    private void chooseAndSave(String name, String what, String pattern, java.util.function.Consumer<Path> save) {
        FileChooser c = new FileChooser();
        c.setTitle("Export " + what);
        c.setInitialFileName(name);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, pattern));
        File f = c.showSaveDialog(window());
        if (f != null) {
            save.accept(f.toPath());
        }
    }
}
