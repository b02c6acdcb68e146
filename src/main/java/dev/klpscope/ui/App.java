package dev.klpscope.ui;

import dev.klpscope.check.ToolVersion;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.RecentFiles;
import dev.klpscope.ui.model.SampleScenario;
import dev.klpscope.ui.model.WindowPlacement;
import dev.klpscope.ui.theme.Icons;
import dev.klpscope.ui.theme.Theme;
import dev.klpscope.ui.view.FxJobs;
import dev.klpscope.ui.view.MainWindow;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;

/**
 * The window application: opens the files given (patch first, then candidates), or the seed scenario. Settings
 * (recent files, window place, theme) live under the {@code java.util.prefs} node {@link #PREFS_NODE}, which
 * tests change with {@code -Dklpscope.prefs}.
 */
public class App extends Application {

    public static final String PREFS_NODE = "/dev/klpscope/ui";

    private MainViewModel vm;
    private MainWindow window;

    @Override
    public void start(Stage stage) {
        Preferences prefs = prefs();
        WindowPlacement placement = new WindowPlacement(prefs);
        FxJobs jobs = new FxJobs();
        vm = new MainViewModel(jobs);
        Theme theme = "DARK".equals(placement.theme()) ? Theme.DARK : Theme.LIGHT;
        window = new MainWindow(vm, jobs, new RecentFiles(prefs), theme);
        show(stage, window, placement);
        openInitial(vm, getParameters().getRaw());
    }

    /** Puts the window on the stage where it last was (if that is still on a screen) and saves it on close. */
    public static void show(Stage stage, MainWindow window, WindowPlacement placement) {
        Scene scene = window.scene(1400, 900);
        stage.setScene(scene);
        stage.setTitle(ToolVersion.NAME + " " + ToolVersion.version());
        stage.getIcons().setAll(Icons.app());
        List<WindowPlacement.Bounds> screens = Screen.getScreens().stream().map(s -> s.getVisualBounds())
                .map(b -> new WindowPlacement.Bounds(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight())).toList();
        placement.restore(screens).ifPresentOrElse(b -> {
            stage.setX(b.x());
            stage.setY(b.y());
            stage.setWidth(b.width());
            stage.setHeight(b.height());
        }, stage::centerOnScreen);
        stage.setMaximized(placement.maximized());
        stage.setOnHiding(e -> {
            placement.save(new WindowPlacement.Bounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()),
                    stage.isMaximized());
            placement.saveTheme(window.theme().name());
        });
        stage.show();
    }

    /** Command-line files, or the seed scenario when none are given. */
    public static void openInitial(MainViewModel vm, List<String> args) {
        if (!args.isEmpty()) {
            vm.open(Path.of(args.get(0)), args.subList(1, args.size()).stream().map(Path::of).toList());
            return;
        }
        SampleScenario.seed().ifPresentOrElse(s -> vm.open(s.patch(), s.candidates()),
                () -> vm.say("Open a livepatch (Ctrl+O) and add candidates (Ctrl+Shift+O), or drop files here"));
    }

    public static Preferences prefs() {
        return Preferences.userRoot().node(System.getProperty("klpscope.prefs", PREFS_NODE));
    }

    public MainViewModel viewModel() {
        return vm;
    }
}
