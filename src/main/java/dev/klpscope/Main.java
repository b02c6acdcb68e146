package dev.klpscope;

import java.util.Locale;
import java.util.Optional;

/**
 * The jar's entry point. No arguments, existing files, or {@code gui FILE...} open the window
 * ({@code dev.klpscope.ui}) on those files; everything else goes to the command line ({@code dev.klpscope.cli}),
 * which runs a command or says what is wrong with the arguments (exit 2) rather than let the window fail to start.
 * Where no window can open (no display, headless), one line says so and points to {@code check}, exit 2.
 * This class must not extend {@code javafx.application.Application}: a shaded jar cannot start one directly.
 */
public final class Main {

    static final String NO_DISPLAY = "klpscope: no display for the window; use `klpscope check PATCH CANDIDATE...` "
            + "for the command line (`klpscope --help`)";

    private Main() {
    }

    public static void main(String[] args) {
        Optional<String[]> files = dev.klpscope.cli.Cli.windowFiles(args);
        if (files.isEmpty()) {
            System.exit(dev.klpscope.cli.Cli.run(args));
        }
        if (!displayAvailable()) {
            noDisplay();
        }
        try {
            dev.klpscope.ui.Launcher.launch(files.get());
        } catch (UnsupportedOperationException | LinkageError e) {
            // GTK's "Unable to open DISPLAY" (a DISPLAY that names no server), or JavaFX's native libraries missing
            noDisplay();
        }
    }

    /**
     * Whether the window can open: not headless, and on X11/Wayland systems a display named. JavaFX's headless
     * Monocle platform (the window's tests) needs none.
     */
    static boolean displayAvailable() {
        if ("monocle".equalsIgnoreCase(System.getProperty("glass.platform"))) {
            return true;
        }
        if (Boolean.getBoolean("java.awt.headless")) {
            return false;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows") || os.startsWith("mac")) {
            return true;
        }
        return !blank(System.getenv("DISPLAY")) || !blank(System.getenv("WAYLAND_DISPLAY"));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void noDisplay() {
        System.err.println(NO_DISPLAY);
        System.exit(dev.klpscope.cli.Cli.UNUSABLE);
    }
}
