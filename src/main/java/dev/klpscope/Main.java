package dev.klpscope;

import java.util.Optional;

/**
 * The jar's entry point. No arguments, existing files, or {@code gui FILE...} open the window
 * ({@code dev.klpscope.ui}) on those files; everything else goes to the command line ({@code dev.klpscope.cli}),
 * which runs a command or says what is wrong with the arguments (exit 2) rather than let the window fail to start.
 * This class must not extend {@code javafx.application.Application}: a shaded jar cannot start one directly.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Optional<String[]> files = dev.klpscope.cli.Cli.windowFiles(args);
        if (files.isEmpty()) {
            System.exit(dev.klpscope.cli.Cli.run(args));
        }
        dev.klpscope.ui.Launcher.launch(files.get());
    }
}
