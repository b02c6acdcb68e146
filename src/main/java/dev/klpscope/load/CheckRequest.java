package dev.klpscope.load;

import dev.klpscope.module.KernelVersion;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What to inspect and how, as the command line names it: the patch, the candidates, {@code --baseline},
 * {@code --loader} and {@code --require-all-objects}. The window builds the same from its {@link CheckSettings}.
 */
public record CheckRequest(Path patch, List<CandidateInput> candidates, List<Path> baselines, Optional<KernelVersion> loader,
                           boolean requireAllObjects) {

    public CheckRequest {
        candidates = List.copyOf(candidates);
        baselines = List.copyOf(baselines);
    }

    public static CheckRequest of(Path patch, List<Path> candidates, List<Path> baselines) {
        return new CheckRequest(patch, candidates.stream().map(CandidateInput::of).toList(), baselines, Optional.empty(), false);
    }

    public CheckRequest withLoader(Optional<KernelVersion> l) {
        return new CheckRequest(patch, candidates, baselines, l, requireAllObjects);
    }

    public CheckRequest withRequireAllObjects(boolean r) {
        return new CheckRequest(patch, candidates, baselines, loader, r);
    }

    /** Adds candidates found elsewhere (a kernel build in a package: {@link CandidateInput#origin()}). */
    public CheckRequest withMoreCandidates(List<CandidateInput> more) {
        List<CandidateInput> all = new java.util.ArrayList<>(candidates);
        all.addAll(more);
        return new CheckRequest(patch, all, baselines, loader, requireAllObjects);
    }
}
