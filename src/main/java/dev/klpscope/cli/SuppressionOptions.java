package dev.klpscope.cli;

import dev.klpscope.load.CheckSettings;
import dev.klpscope.report.ReportedPath;
import dev.klpscope.report.Suppressions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --ignore} and {@code --accept}, the findings the gate leaves out: one picocli mixin, so that {@code check} and
 * {@code show} read, check and warn about them alike.
 */
final class SuppressionOptions {

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

    /**
     * Read as the window reads them ({@link CheckSettings#suppressions()}); a bad rule, an unreadable accept file or a
     * line that is no finding id is unusable input (exit 2).
     */
    Suppressions read() throws IOException {
        try {
            return CheckSettings.DEFAULT.withIgnore(ignore).withAccept(Optional.ofNullable(accept).map(ReportedPath::of))
                    .suppressions();
        } catch (IllegalArgumentException e) {
            throw new UnusableInput(e.getMessage());
        }
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
