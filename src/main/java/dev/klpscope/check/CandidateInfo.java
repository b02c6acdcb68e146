package dev.klpscope.check;

import java.util.List;
import java.util.Optional;

/**
 * A candidate object file and what the analysis concluded about it as a whole (vermagic, srcversion, build id,
 * symbol versions), apart from individual targets.
 *
 * @param path           as the user gave it
 * @param object         its runtime name (matched against the patch's objects)
 * @param baselineReason why it is (or is not) the baseline: "given with --baseline", "inferred: ..."
 */
public record CandidateInfo(String path, String object, String kind, String vermagic, String srcversion, String buildId,
                            boolean signed, String compression, boolean baseline, String baselineReason,
                            List<Finding> findings) {

    public CandidateInfo {
        findings = List.copyOf(findings);
    }

    public Severity worst() {
        return Severity.worstOf(findings);
    }

    public Optional<String> srcversionIfAny() {
        return srcversion.isEmpty() ? Optional.empty() : Optional.of(srcversion);
    }
}
