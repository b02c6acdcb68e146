package dev.klpscope.ui.view;

import dev.klpscope.check.Target;
import dev.klpscope.ui.App;
import dev.klpscope.ui.dialog.FakeDialogs;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.RecentFiles;
import dev.klpscope.ui.model.SampleScenario;
import dev.klpscope.ui.model.TreeRow;
import dev.klpscope.ui.model.WindowPlacement;
import dev.klpscope.ui.theme.Theme;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

/** Opens the real window on the seed scenario, with settings in a test-only preferences node. */
abstract class WindowFixture extends FxRobot {

    static final Path SAMPLES = SampleScenario.samplesDir().orElseThrow();

    MainViewModel vm;
    FxJobs jobs;
    MainWindow window;
    /** Answers the window's dialogs: no native dialog opens in a test. */
    final FakeDialogs dialogs = new FakeDialogs();
    Stage stage;

    void startOnSeed(Stage stage) {
        this.stage = stage;
        Preferences prefs = Preferences.userRoot().node("/dev/klpscope/ui-test/window");
        jobs = new FxJobs();
        vm = new MainViewModel(jobs);
        window = new MainWindow(vm, jobs, new RecentFiles(prefs), Theme.LIGHT, dialogs);
        App.show(stage, window, new WindowPlacement(prefs));
        stage.setWidth(1400);
        stage.setHeight(900);
        App.openInitial(vm, List.of());
    }

    /** Waits for the seed scenario that {@link #startOnSeed} opens. */
    void seedLoaded() {
        settle();
        org.junit.jupiter.api.Assertions.assertNotNull(vm.getInspection(), "the seed scenario opens by itself");
    }

    /** Waits until every background job has finished and its result is applied. */
    void settle() {
        settle(20);
    }

    /** As {@link #settle()}, for work that reads whole kernel packages (several seconds of xz each). */
    void settle(int seconds) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> !jobs.runningProperty().get());
        } catch (Exception e) {
            throw new AssertionError("background work did not finish", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Runs on the UI thread and returns the result (snapshots, clipboard). */
    <T> T onFx(java.util.concurrent.Callable<T> work) {
        try {
            return WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, WaitForAsyncUtils.asyncFx(work));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    TreeTableView<TreeRow> tree() {
        return (TreeTableView<TreeRow>) lookup("#" + TargetTreeView.ID).query();
    }

    List<String> shownTargetLabels() {
        return onFx(() -> dev.klpscope.ui.model.TargetTree.targetsInOrder(nodes(tree().getRoot().getChildren())))
                .stream().map(Target::label).toList();
    }

    /** The tree items as model nodes, without the sites (so that lazy site items stay unmade). */
    private static List<dev.klpscope.ui.model.TreeNode> nodes(List<TreeItem<TreeRow>> items) {
        return items.stream().map(i -> new dev.klpscope.ui.model.TreeNode(i.getValue(),
                i.getValue() instanceof TreeRow.TargetRow ? List.of() : nodes(i.getChildren()))).toList();
    }

    Target target(String symbol) {
        return vm.getInspection().targets().stream().filter(t -> t.symbol().equals(symbol)).findFirst().orElseThrow();
    }
}
