package dev.klpscope.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The places one run writes its report to: each {@code --output} is either {@code FORMAT=FILE} (that format to that
 * file) or a plain {@code FILE} (the {@code --format} report there instead of standard output). The {@code --format}
 * report goes to standard output unless a plain {@code --output} (or a {@code FORMAT=-}) takes it, so that {@code --output json=r.json
 * --format github} leaves annotations in the CI log. Every file is written by {@link AtomicOutput}'s rules.
 *
 * @param <F> the command's format type
 */
record ReportOutputs<F>(List<Target<F>> targets) {

    /** One format to one place ({@code -}: standard output). */
    record Target<F>(F format, Path path) {
    }

    /**
     * Reads the {@code --output} arguments. The part before the first {@code =} is a format when it names no
     * directory (has no {@code /}); an unknown one is refused rather than taken as a file name such as
     * {@code jsn=report.json} (a file whose name has a {@code =} is reached as {@code ./a=b}). {@code formatGiven}:
     * {@code --format} was on the command line, so a {@code FORMAT=-} of another format would silently drop it:
     * refused, like two outputs to one file.
     */
    static <F> ReportOutputs<F> parse(List<String> outputs, F stdoutFormat, boolean formatGiven,
                                      Function<String, Optional<F>> byWord, String choices, Function<F, String> word) {
        List<Target<F>> targets = new ArrayList<>();
        boolean plain = false;
        for (String arg : outputs) {
            int eq = arg.indexOf('=');
            if (eq > 0 && arg.lastIndexOf('/', eq) < 0) {
                String named = arg.substring(0, eq);
                F format = byWord.apply(named).orElseThrow(() -> new UnusableInput(
                        "--output " + arg + ": '" + named + "' is not a format (" + choices + ")"));
                targets.add(new Target<>(format, path(arg, arg.substring(eq + 1))));
            } else {
                targets.add(new Target<>(stdoutFormat, path(arg, arg)));
                plain = true;
            }
        }
        // FORMAT=- puts that format on standard output in place of the --format report (when that was not asked for).
        Optional<Target<F>> dash = targets.stream().filter(t -> isDash(t.path())).findFirst();
        if (!plain && dash.isEmpty()) {
            targets.add(new Target<>(stdoutFormat, Path.of("-")));
        }
        if (!plain && formatGiven && dash.isPresent() && !dash.get().format().equals(stdoutFormat)) {
            throw new UnusableInput("--format " + word.apply(stdoutFormat) + " and --output " + word.apply(dash.get().format())
                    + "=- both ask for standard output; give --output FILE for one of them");
        }
        requireDistinct(targets);
        return new ReportOutputs<>(List.copyOf(targets));
    }

    private static Path path(String arg, String file) {
        if (file.isEmpty()) {
            throw new UnusableInput("--output " + arg + ": no file name");
        }
        return Path.of(file);
    }

    /** Two reports into one file would leave only the last (or interleave them on a device): refused. */
    private static <F> void requireDistinct(List<Target<F>> targets) {
        for (int i = 0; i < targets.size(); i++) {
            for (int j = 0; j < i; j++) {
                Path a = targets.get(j).path();
                Path b = targets.get(i).path();
                if (sameFile(a, b)) {
                    throw new UnusableInput(b + ": two --output options name the same file (" + a + ")");
                }
            }
        }
    }

    /** The names of standard output itself: {@code -} and its handles under /dev and /proc. */
    private static final List<String> STDOUT_NAMES = List.of("-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1");

    private static boolean isDash(Path p) {
        return p.toString().equals("-");
    }

    private static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        if (STDOUT_NAMES.contains(isDash(a) ? "-" : a.toAbsolutePath().normalize().toString())
                && STDOUT_NAMES.contains(isDash(b) ? "-" : b.toAbsolutePath().normalize().toString())) {
            return true; // both standard output: two reports interleaved in one stream
        }
        try {
            return !a.toString().equals("-") && !b.toString().equals("-") && Files.exists(a) && Files.exists(b)
                    && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Refuses, before anything is read, an output that is an input, a directory, or in no directory. */
    void checkNotInputs(List<Path> inputs) {
        targets.forEach(t -> AtomicOutput.checkNotAnInput(t.path(), inputs));
    }

    /** Renders each format once and writes it; all are rendered before the first is written. */
    void write(Function<F, String> render, PrintWriter stdout) throws IOException {
        writeBytes(f -> render.apply(f).getBytes(StandardCharsets.UTF_8), stdout);
    }

    /** As {@link #write}, for formats that may be bytes (an image); text reaches standard output as UTF-8. */
    void writeBytes(Function<F, byte[]> render, PrintWriter stdout) throws IOException {
        List<byte[]> reports = targets.stream().map(t -> render.apply(t.format())).toList();
        for (int i = 0; i < targets.size(); i++) {
            Path path = targets.get(i).path();
            if (path.toString().equals("-")) {
                AtomicOutput.write(path, new String(reports.get(i), StandardCharsets.UTF_8), stdout);
            } else {
                AtomicOutput.write(path, reports.get(i));
            }
        }
    }

    /**
     * An image on standard output ({@code -}): piped, it is written straight through {@code /dev/stdout} as bytes; on
     * a terminal (or where standard output is only a writer of text, as in tests) it is never printed, and refused
     * before anything is read, as a usage error that says what to give instead.
     *
     * @param pipe standard output is the process's own and not a terminal
     */
    ReportOutputs<F> imagesOnStdout(Predicate<F> isImage, Function<F, String> word, boolean pipe) {
        List<Target<F>> placed = new ArrayList<>();
        for (Target<F> t : targets) {
            if (isImage.test(t.format()) && isDash(t.path())) {
                String w = word.apply(t.format());
                if (!pipe) {
                    throw new UnusableInput("--format " + w + " is an image, not printed to a terminal: give --output FILE"
                            + " or --output " + w + "=FILE, or pipe standard output");
                }
                placed.add(new Target<>(t.format(), Path.of("/dev/stdout")));
            } else {
                placed.add(t);
            }
        }
        return new ReportOutputs<>(List.copyOf(placed));
    }
}
