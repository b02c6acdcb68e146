package dev.klpscope.ui;

import javafx.application.Application;

/**
 * Starts the window. Not an {@link Application} itself: a shaded jar whose main class extends Application fails
 * with "JavaFX runtime components are missing".
 */
public final class Launcher {

    private Launcher() {
    }

    /** @param files a livepatch first, then candidates; none: the seed scenario from {@code samples/} */
    public static void launch(String[] files) {
        Application.launch(App.class, files);
    }

    public static void main(String[] args) {
        launch(args);
    }
}
