package dev.klpscope.check;

import dev.klpscope.module.KernelBuild;

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
 * @param origin         the package or tree the file was found in, or empty when it was named directly (the
 *                       analysis never sets it: the loading service does, {@code dev.klpscope.load})
 * @param types          where its types come from (BTF, DWARF, a paired debug file), or that it has none; empty
 *                       when not told (an inspection made without the candidate's file)
 */
public record CandidateInfo(String path, String object, String kind, String vermagic, String srcversion, String buildId,
                            boolean signed, String compression, boolean baseline, String baselineReason,
                            List<Finding> findings, String release, String origin, Optional<TypeSourceInfo> types) {

    public CandidateInfo {
        findings = List.copyOf(findings);
    }

    /** Its type sources not told. */
    public CandidateInfo(String path, String object, String kind, String vermagic, String srcversion, String buildId,
                         boolean signed, String compression, boolean baseline, String baselineReason, List<Finding> findings,
                         String release, String origin) {
        this(path, object, kind, vermagic, srcversion, buildId, signed, compression, baseline, baselineReason, findings,
                release, origin, Optional.empty());
    }

    /** Named directly (no origin). */
    public CandidateInfo(String path, String object, String kind, String vermagic, String srcversion, String buildId,
                         boolean signed, String compression, boolean baseline, String baselineReason, List<Finding> findings,
                         String release) {
        this(path, object, kind, vermagic, srcversion, buildId, signed, compression, baseline, baselineReason, findings,
                release, "");
    }

    /** Without a known release. */
    public CandidateInfo(String path, String object, String kind, String vermagic, String srcversion, String buildId,
                         boolean signed, String compression, boolean baseline, String baselineReason, List<Finding> findings) {
        this(path, object, kind, vermagic, srcversion, buildId, signed, compression, baseline, baselineReason, findings, "");
    }

    /** The same candidate, found in {@code where} (a package, a tree). */
    public CandidateInfo withOrigin(String where) {
        return new CandidateInfo(path, object, kind, vermagic, srcversion, buildId, signed, compression, baseline,
                baselineReason, findings, release, where, types);
    }

    /** The same candidate with its type sources told. */
    public CandidateInfo withTypes(TypeSourceInfo told) {
        return new CandidateInfo(path, object, kind, vermagic, srcversion, buildId, signed, compression, baseline,
                baselineReason, findings, release, origin, Optional.of(told));
    }

    /** The kernel build its release names; empty when the file names none. */
    public Optional<KernelBuild> kernelBuild() {
        return release.isEmpty() ? Optional.empty() : Optional.of(KernelBuild.of(release));
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

    /** A vmlinux known only from its System.map ({@code vmlinux-source}): what it was read from and could not judge. */
    public Optional<Finding.SymbolsOnly> symbolsOnly() {
        return findings.stream().filter(f -> f instanceof Finding.SymbolsOnly).map(f -> (Finding.SymbolsOnly) f).findFirst();
    }
}
