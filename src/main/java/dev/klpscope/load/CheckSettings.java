package dev.klpscope.load;

import dev.klpscope.check.Inspection;
import dev.klpscope.check.SignatureSettings;
import dev.klpscope.check.Severity;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.report.GateOutcome;
import dev.klpscope.report.Suppressions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The settings of a check that are not files, one field per command-line option, so that the window has a place
 * for each ({@code MainViewModel}) and both front ends judge alike: {@code --loader}, {@code --require-all-objects},
 * {@code --fail-on} (empty: {@code never}), {@code --ignore}, {@code --accept}, {@code --btf-base}, and
 * {@code --sig-enforce} and {@code --lockdown} ({@code signatures}). ({@code --baseline} is a choice
 * among the candidates: the window's {@code Workspace} holds it; {@code --format} and {@code --output} are the
 * window's exports.)
 */
public record CheckSettings(Optional<KernelVersion> loader, boolean requireAllObjects, Optional<Severity> failOn,
                            List<String> ignore, Optional<Path> accept, Optional<Path> btfBase, SignatureSettings signatures) {

    /** The command line's defaults: the loader the patch's vermagic names, {@code --fail-on silent}. */
    public static final CheckSettings DEFAULT = new CheckSettings(Optional.empty(), false, Optional.of(Severity.SILENT),
            List.of(), Optional.empty(), Optional.empty(), SignatureSettings.AS_BUILT);

    public CheckSettings {
        ignore = List.copyOf(ignore);
    }

    /** Signatures judged as the kernel is built. */
    public CheckSettings(Optional<KernelVersion> loader, boolean requireAllObjects, Optional<Severity> failOn,
                         List<String> ignore, Optional<Path> accept, Optional<Path> btfBase) {
        this(loader, requireAllObjects, failOn, ignore, accept, btfBase, SignatureSettings.AS_BUILT);
    }

    public CheckSettings withLoader(Optional<KernelVersion> l) {
        return new CheckSettings(l, requireAllObjects, failOn, ignore, accept, btfBase, signatures);
    }

    public CheckSettings withRequireAllObjects(boolean r) {
        return new CheckSettings(loader, r, failOn, ignore, accept, btfBase, signatures);
    }

    public CheckSettings withFailOn(Optional<Severity> f) {
        return new CheckSettings(loader, requireAllObjects, f, ignore, accept, btfBase, signatures);
    }

    public CheckSettings withIgnore(List<String> i) {
        return new CheckSettings(loader, requireAllObjects, failOn, i, accept, btfBase, signatures);
    }

    public CheckSettings withAccept(Optional<Path> a) {
        return new CheckSettings(loader, requireAllObjects, failOn, ignore, a, btfBase, signatures);
    }

    public CheckSettings withBtfBase(Optional<Path> b) {
        return new CheckSettings(loader, requireAllObjects, failOn, ignore, accept, b, signatures);
    }

    public CheckSettings withSignatures(SignatureSettings s) {
        return new CheckSettings(loader, requireAllObjects, failOn, ignore, accept, btfBase, s);
    }

    /**
     * The findings the gate leaves out; reads the accept file.
     *
     * @throws IllegalArgumentException a bad {@code --ignore} rule or an accept file that is not text, said in the message
     */
    public Suppressions suppressions() throws IOException {
        List<Suppressions.Ignore> rules;
        try {
            rules = ignore.stream().map(Suppressions.Ignore::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--ignore " + e.getMessage(), e);
        }
        return new Suppressions(accept.isPresent() ? AcceptedIds.read(accept.get()) : List.of(), rules);
    }

    /** Whether the inspection reaches {@code --fail-on}, counting only what the suppressions leave. */
    public GateOutcome gate(Inspection inspection, Suppressions suppressions) {
        Severity worst = suppressions.worstCounted(inspection);
        return new GateOutcome(failOn.map(Severity::word).orElse("never"),
                failOn.map(worst::atLeast).orElse(false));
    }
}
