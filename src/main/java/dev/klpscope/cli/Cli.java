package dev.klpscope.cli;

import dev.klpscope.check.ToolVersion;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.report.ReportFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The command line: {@code check} and {@code show}. Exit status 0 when nothing reaches {@code --fail-on},
 * 1 when something does, 2 for unusable arguments or input, always with one line on stderr and never a
 * stack trace: CI scripts read the status, people read the line.
 */
@Command(name = "klpscope", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        subcommands = {CheckCommand.class, ShowCommand.class, HelpCommand.class},
        description = "Inspects a Linux livepatch module against candidate versions of the objects it patches.",
        footer = {"", "Exit status: 0 nothing reaches --fail-on, 1 something does, 2 unusable arguments or input.",
                "Without arguments, with existing files only, or with 'gui [FILE...]' klpscope opens its window."})
public final class Cli implements Callable<Integer> {

    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int UNUSABLE = 2;

    /** The word that opens the window explicitly (and so can open it on files named like commands). */
    static final String GUI = "gui";

    @Spec
    CommandSpec spec;

    /** Standard output is the process's own (not a test's writer) and not a terminal: an image may be piped there. */
    private final boolean stdoutIsAPipe;

    Cli() {
        this(false);
    }

    private Cli(boolean stdoutIsAPipe) {
        this.stdoutIsAPipe = stdoutIsAPipe;
    }

    boolean stdoutIsAPipe() {
        return stdoutIsAPipe;
    }

    public static int run(String[] args) {
        PrintWriter out = utf8(System.out);
        PrintWriter err = utf8(System.err);
        try {
            return run(new Cli(!StandardOutput.isTerminal()), args, out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * The files to open the window on, when the arguments ask for the window: none at all, only existing files, or
     * {@code gui} and files. Empty for everything else, which is the command line's: a command, {@code --help},
     * {@code --version}, or a usage error (a typo, an unknown option, an option before the command) that
     * {@link #run(String[])} reports as such rather than the window failing to start.
     */
    public static Optional<String[]> windowFiles(String[] args) {
        if (args.length > 0 && args[0].equals(GUI)) {
            return Optional.of(Arrays.copyOfRange(args, 1, args.length));
        }
        Set<String> commands = commandNames();
        boolean files = Arrays.stream(args).allMatch(Cli::isExistingFile)
                && (args.length == 0 || !commands.contains(args[0]));
        return files ? Optional.of(args) : Optional.empty();
    }

    /**
     * The subcommands' names, read from the annotations: building picocli's command model here as well as in
     * {@link #run} doubled the start-up cost of every command (docs/performance.md, cold start).
     */
    static Set<String> commandNames() {
        return Arrays.stream(Cli.class.getAnnotation(Command.class).subcommands())
                .map(c -> c.getAnnotation(Command.class).name())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static boolean isExistingFile(String arg) {
        try {
            return !arg.startsWith("-") && Files.exists(Path.of(arg));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Picocli's message, said in this tool's words where the first word is neither a command nor a file. */
    private static String usageProblem(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && ex.getCommandLine().getParent() == null
                && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            String commands = String.join(", ", ex.getCommandLine().getSubcommands().keySet()) + " or " + GUI;
            return first.startsWith("-")
                    ? "unknown option '" + first + "' (options go after a command)"
                    : "'" + first + "' is neither a command (" + commands + ") nor an existing file";
        }
        return oneLine(ex.getMessage());
    }

    /** Runs with the given streams (tests capture them); returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(new Cli(), args, out, err);
    }

    private static int run(Cli cli, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(cli);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Lower-case words in messages, as on the command line (picocli's own enum messages are upper-case).
        cl.registerConverter(ReportFormat.class, w -> word(ReportFormat.class, w, ReportFormat.choices()));
        cl.registerConverter(FailOn.class, w -> word(FailOn.class, w, FailOn.CHOICES));
        cl.registerConverter(ShowCommand.Format.class, w -> word(ShowCommand.Format.class, w, "text or json"));
        cl.registerConverter(KernelVersion.class, w -> KernelVersion.fromVermagic(w)
                .orElseThrow(() -> new CommandLine.TypeConversionException("'" + w + "' is not a kernel version (e.g. 6.12)")));
        cl.setParameterExceptionHandler((ex, a) -> {
            String command = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println(command + ": " + usageProblem(ex) + " (see '" + command + " --help')");
            return UNUSABLE;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            err.println(Failures.describe(ex));
            return UNUSABLE;
        });
        try {
            return cl.execute(args);
        } catch (RuntimeException | Error e) {
            // picocli lets Errors (OutOfMemoryError on a hostile file) through: still one line, still 2.
            err.println(Failures.describe(e));
            return UNUSABLE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** {@code klpscope} with options but no command: says what to do instead of guessing. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return UNUSABLE;
    }

    private static <E extends Enum<E>> E word(Class<E> type, String word, String choices) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(word)) {
                return e;
            }
        }
        throw new CommandLine.TypeConversionException("'" + word + "' is not one of " + choices);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ').strip();
    }

    private static PrintWriter utf8(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{ToolVersion.NAME + " " + ToolVersion.version()};
        }
    }
}
