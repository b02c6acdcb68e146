package dev.klpscope.cli;

import dev.klpscope.check.Inspection;
import dev.klpscope.report.Suppressions;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code --ignore} and {@code --accept}: the findings the gate leaves out, read from the command line. */
final class Gate {

    private Gate() {
    }

    /** A bad rule or an unreadable accept file is unusable input (exit 2), said with the file's name. */
    static Suppressions suppressions(List<String> ignore, Path accept) throws IOException {
        List<Suppressions.Ignore> rules;
        try {
            rules = ignore.stream().map(Suppressions.Ignore::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new UnusableInput("--ignore " + e.getMessage());
        }
        return new Suppressions(accept == null ? Set.of() : acceptedIds(accept), rules);
    }

    /** One id per line; {@code #} starts a comment, blank lines and surrounding spaces are allowed. */
    private static Set<String> acceptedIds(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new UnusableInput(file + ": not a text file of finding ids (not UTF-8)");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String line : lines) {
            int hash = line.indexOf('#');
            String id = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** An accepted id that matches nothing is a warning: the finding was fixed, or its file renamed. */
    static void warnStale(Suppressions suppressions, Inspection inspection, Path accept, PrintWriter err) {
        for (String id : suppressions.staleIds(inspection)) {
            err.println("klpscope: warning: " + accept + ": accepted id " + id + " matches no finding (stale)");
        }
        err.flush();
    }
}
