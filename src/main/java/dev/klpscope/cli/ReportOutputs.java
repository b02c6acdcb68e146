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
     * {@code jsn=report.json} (a file whose name has a {@code =} is reached as {@code ./a=b}).
     */
    static <F> ReportOutputs<F> parse(List<String> outputs, F stdoutFormat, Function<String, Optional<F>> byWord,
                                      String choices) {
        List<Target<F>> targets = new ArrayList<>();
        boolean plain = false;
        for (String arg : outputs) {
            int eq = arg.indexOf('=');
            if (eq > 0 && arg.lastIndexOf('/', eq) < 0) {
                String word = arg.substring(0, eq);
                F format = byWord.apply(word).orElseThrow(() -> new UnusableInput(
                        "--output " + arg + ": '" + word + "' is not a format (" + choices + ")"));
                targets.add(new Target<>(format, path(arg, arg.substring(eq + 1))));
            } else {
                targets.add(new Target<>(stdoutFormat, path(arg, arg)));
                plain = true;
            }
        }
        // FORMAT=- puts that format on standard output in place of the --format report.
        if (!plain && targets.stream().noneMatch(t -> t.path().toString().equals("-"))) {
            targets.add(new Target<>(stdoutFormat, Path.of("-")));
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

    private static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
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
     * An image is never printed: standard output is a terminal, or a writer of text here. Refused before anything is
     * read, as a usage error that says what to give instead ({@code /dev/stdout} still pipes it, written straight through).
     */
    void refuseImagesOnStdout(Predicate<F> isImage, Function<F, String> word) {
        for (Target<F> t : targets) {
            if (isImage.test(t.format()) && t.path().toString().equals("-")) {
                String w = word.apply(t.format());
                throw new UnusableInput("--format " + w + " is an image, not printed to standard output: give --output FILE"
                        + " or --output " + w + "=FILE (--output /dev/stdout to pipe it)");
            }
        }
    }
}
