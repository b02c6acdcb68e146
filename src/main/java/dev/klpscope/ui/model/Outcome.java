package dev.klpscope.ui.model;

import dev.klpscope.check.Inspection;

import java.util.List;
import java.util.Optional;

/**
 * The result of one edit of the workspace, computed in the background: the new workspace, its inspection
 * (empty without a patch, or when the inspection failed), and one line per file or step that went wrong.
 * When {@code changed} is false nothing was loaded and the window keeps what it shows.
 */
public record Outcome(boolean changed, Workspace workspace, Optional<Inspection> inspection, List<String> problems, String done) {

    public Outcome {
        problems = List.copyOf(problems);
    }
}
