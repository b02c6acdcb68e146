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
 * @param release        the kernel release it belongs to (a vmlinux's banner, a module's vermagic), or empty
 */
public record CandidateInfo(String path, String object, String kind, String vermagic, String srcversion, String buildId,
                            boolean signed, String compression, boolean baseline, String baselineReason,
                            List<Finding> findings, String release) {

    public CandidateInfo {
        findings = List.copyOf(findings);
    }

    /** Without a known release. */
    public CandidateInfo(String path, String object, String kind, String vermagic, String srcversion, String buildId,
                         boolean signed, String compression, boolean baseline, String baselineReason, List<Finding> findings) {
        this(path, object, kind, vermagic, srcversion, buildId, signed, compression, baseline, baselineReason, findings, "");
    }

    /** A vmlinux's release (from its banner) is worth a line; a module's is the first word of its vermagic. */
    public boolean showsRelease() {
        return !release.isEmpty() && ("vmlinux".equals(kind) || !vermagic.startsWith(release + " "));
    }

    /** True when the baseline of its object was a tie between candidates (check {@code baseline}). */
    public boolean baselineAmbiguous() {
        return findings.stream().anyMatch(f -> f instanceof Finding.BaselineAmbiguous);
    }

    public Severity worst() {
        return Finding.worstOf(findings);
    }

    public Optional<String> srcversionIfAny() {
        return srcversion.isEmpty() ? Optional.empty() : Optional.of(srcversion);
    }
}
