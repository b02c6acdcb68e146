package dev.klpscope.cli;

import dev.klpscope.check.Inspection;
import dev.klpscope.load.CheckSettings;
import dev.klpscope.report.Suppressions;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code --ignore} and {@code --accept}: the findings the gate leaves out, read from the command line. */
final class Gate {

    private Gate() {
    }

    /**
     * Read as the window reads them ({@link CheckSettings#suppressions()}); a bad rule or an accept file that is not
     * text is unusable input (exit 2), said with the file's name.
     */
    static Suppressions suppressions(List<String> ignore, Path accept) throws IOException {
        try {
            return CheckSettings.DEFAULT.withIgnore(ignore).withAccept(Optional.ofNullable(accept)).suppressions();
        } catch (IllegalArgumentException e) {
            throw new UnusableInput(e.getMessage());
        }
    }

    /** An accepted id that matches nothing is a warning: the finding was fixed, or its file renamed. */
    static void warnStale(Suppressions suppressions, Inspection inspection, Path accept, PrintWriter err) {
        for (String id : suppressions.staleIds(inspection)) {
            err.println("klpscope: warning: " + accept + ": accepted id " + id + " matches no finding (stale)");
        }
        err.flush();
    }
}
