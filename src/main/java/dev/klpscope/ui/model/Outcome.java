package dev.klpscope.ui.model;

import dev.klpscope.check.Inspection;
import dev.klpscope.report.GateOutcome;
import dev.klpscope.report.Suppressions;

import java.util.List;
import java.util.Optional;

/**
 * The result of one edit of the workspace, computed in the background: the new workspace, its inspection
 * (empty without a patch, or when the inspection failed), one line per file or step that went wrong, and what
 * {@code --fail-on} would decide with the window's settings ({@link dev.klpscope.load.CheckSettings}) and the
 * suppressions it counted with ({@code --accept}, {@code --ignore}; none when they could not be read).
 * When {@code changed} is false nothing was loaded and the window keeps what it shows.
 */
public record Outcome(boolean changed, Workspace workspace, Optional<Inspection> inspection, List<String> problems, String done,
                      Optional<GateOutcome> gate, Suppressions suppressions) {

    public Outcome {
        problems = List.copyOf(problems);
    }

    /** Without a gate (nothing inspected, or a result computed elsewhere). */
    public Outcome(boolean changed, Workspace workspace, Optional<Inspection> inspection, List<String> problems, String done) {
        this(changed, workspace, inspection, problems, done, Optional.empty(), Suppressions.NONE);
    }
}
