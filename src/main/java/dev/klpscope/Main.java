package dev.klpscope;

import java.util.Set;

/**
 * The jar's entry point. Subcommands and their options go to the command line ({@code dev.klpscope.cli});
 * anything else (no arguments, or files) opens the window ({@code dev.klpscope.ui}) on those files. This class
 * must not extend {@code javafx.application.Application}: a shaded jar cannot start one directly.
 */
public final class Main {

    private static final Set<String> CLI_WORDS = Set.of("check", "show", "help", "--help", "-h", "--version", "-V");

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && CLI_WORDS.contains(args[0])) {
            System.exit(dev.klpscope.cli.Cli.run(args));
        }
        dev.klpscope.ui.Launcher.launch(args);
    }
}
