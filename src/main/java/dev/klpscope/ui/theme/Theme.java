package dev.klpscope.ui.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;

import java.util.Objects;

/** Light and dark: atlantafx's Primer user-agent stylesheets plus the app's own sheet, whose colours follow them. */
public enum Theme {
    LIGHT, DARK;

    public static final String APP_CSS = Objects.requireNonNull(Theme.class.getResource("/dev/klpscope/ui/app.css"),
            "app.css missing from resources").toExternalForm();

    /** Style class on a root that switches the app's own colours to their dark variants. */
    public static final String DARK_CLASS = "dark";

    /** Applies the theme to the application and to {@code scene} (the window's, or the review image's off-screen one). */
    public void apply(Scene scene) {
        Application.setUserAgentStylesheet(this == DARK
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        if (!scene.getStylesheets().contains(APP_CSS)) {
            scene.getStylesheets().add(APP_CSS);
        }
        var classes = scene.getRoot().getStyleClass();
        if (!classes.contains(Styles.APP)) {
            classes.add(Styles.APP);
        }
        classes.remove(DARK_CLASS);
        if (this == DARK) {
            classes.add(DARK_CLASS);
        }
    }
}
