package dev.klpscope.load;

import dev.klpscope.check.SignatureSettings;
import dev.klpscope.module.KernelVersion;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to inspect and how, as the command line names it: the patch, the candidates, {@code --baseline},
 * {@code --loader}, {@code --require-all-objects}, {@code --btf-base}, {@code --sig-enforce} and {@code --lockdown}
 * ({@code signatures}). The window builds the same from its
 * {@link CheckSettings}.
 */
public record CheckRequest(Path patch, List<CandidateInput> candidates, List<Path> baselines, Optional<KernelVersion> loader,
                           boolean requireAllObjects, Optional<Path> btfBase, SignatureSettings signatures) {

    public CheckRequest {
        candidates = List.copyOf(candidates);
        baselines = List.copyOf(baselines);
    }

    /** Signatures judged as the kernel is built. */
    public CheckRequest(Path patch, List<CandidateInput> candidates, List<Path> baselines, Optional<KernelVersion> loader,
                        boolean requireAllObjects, Optional<Path> btfBase) {
        this(patch, candidates, baselines, loader, requireAllObjects, btfBase, SignatureSettings.AS_BUILT);
    }

    public static CheckRequest of(Path patch, List<Path> candidates, List<Path> baselines) {
        return new CheckRequest(patch, candidates.stream().map(CandidateInput::of).toList(), baselines, Optional.empty(), false,
                Optional.empty());
    }

    public CheckRequest withLoader(Optional<KernelVersion> l) {
        return new CheckRequest(patch, candidates, baselines, l, requireAllObjects, btfBase, signatures);
    }

    public CheckRequest withRequireAllObjects(boolean r) {
        return new CheckRequest(patch, candidates, baselines, loader, r, btfBase, signatures);
    }

    public CheckRequest withBtfBase(Optional<Path> b) {
        return new CheckRequest(patch, candidates, baselines, loader, requireAllObjects, b, signatures);
    }

    public CheckRequest withSignatures(SignatureSettings s) {
        return new CheckRequest(patch, candidates, baselines, loader, requireAllObjects, btfBase, s);
    }

    /** Adds candidates found elsewhere (a kernel build in a package: {@link CandidateInput#origin()}). */
    public CheckRequest withMoreCandidates(List<CandidateInput> more) {
        List<CandidateInput> all = new ArrayList<>(candidates);
        all.addAll(more);
        return new CheckRequest(patch, all, baselines, loader, requireAllObjects, btfBase, signatures);
    }
}
