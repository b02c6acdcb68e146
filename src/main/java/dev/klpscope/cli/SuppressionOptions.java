package dev.klpscope.cli;

import dev.klpscope.report.ReportedPath;
import dev.klpscope.report.Suppressions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --ignore} and {@code --accept}, the findings the gate leaves out: one picocli mixin, so that {@code check} and
 * {@code show} read, check and warn about them alike.
 */
final class SuppressionOptions {

    /** A finding id as JSON {@code findings[].id} spells it: check id, 12 hex digits, {@code -N} for a repeat. */
    private static final Pattern FINDING_ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{12}(?:-[1-9][0-9]*)?");

    @Option(names = "--ignore", paramLabel = "CHECK[:TARGET]",
            description = "Do not count findings of CHECK (at TARGET only: object:symbol,sympos as reports name it, or "
                    + "an object) for --fail-on; reports still show them, marked ignored; a rule matching no finding is "
                    + "warned about (repeatable).")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--accept", paramLabel = "FILE",
            description = "Finding ids (JSON findings[].id; one per line, # comments) of known, reviewed findings: not "
                    + "counted for --fail-on, shown marked accepted; an id matching no finding is warned about as stale.")
    Path accept;

    /** The accept file, an input like the modules: it must be readable and no {@code --output} may name it. */
    List<Path> inputs() {
        return accept == null ? List.of() : List.of(accept);
    }

    /** A bad rule, an unreadable accept file or a line that is no finding id is unusable input (exit 2). */
    Suppressions read() throws IOException {
        List<Suppressions.Ignore> rules;
        try {
            rules = ignore.stream().map(Suppressions.Ignore::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new UnusableInput("--ignore " + e.getMessage());
        }
        return new Suppressions(accept == null ? List.of() : acceptedIds(ReportedPath.of(accept)), rules);
    }

    /** One id per line; {@code #} starts a comment, blank lines and surrounding spaces are allowed. */
    private static List<Suppressions.Accepted> acceptedIds(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new UnusableInput(file + ": not a text file of finding ids (not UTF-8)");
        }
        List<Suppressions.Accepted> ids = new ArrayList<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            int hash = line.indexOf('#');
            String id = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (id.isEmpty()) {
                continue;
            }
            if (!FINDING_ID.matcher(id).matches()) {
                // Said before anything is checked: a typo would otherwise only show up as a stale id, after a failed gate.
                throw new UnusableInput(file + ":" + n + ": '" + id + "' is not a finding id (CHECK-<12 hex digits>, "
                        + "as JSON findings[].id gives it)");
            }
            ids.add(new Suppressions.Accepted(id, file.toString(), n));
        }
        return ids;
    }

    /**
     * A rule that matches nothing is a warning, not an error: an accepted finding was fixed or its file renamed, an
     * ignore rule names a check or target that is not there (a typo, or a rule left over).
     */
    static void warnUnused(List<Suppressions.Rule> unused, PrintWriter err) {
        for (Suppressions.Rule r : unused) {
            err.println("klpscope: warning: " + (r instanceof Suppressions.Accepted a
                    ? a.file() + ":" + a.line() + ": accepted id " + a.id() + " matches no finding (stale)"
                    : "--ignore " + r.rule() + " matches no finding"));
        }
        err.flush();
    }
}
