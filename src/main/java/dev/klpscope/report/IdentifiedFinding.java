package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A finding with its stable id ({@link FindingIds}) and what it is about, as the JSON report's flat
 * {@code findings[]} lists it and as {@code --accept} and {@code --ignore} name it.
 *
 * @param object    the object it is about; {@code ""} for the patch's own findings
 * @param target    the target, for a verdict's finding
 * @param candidate the candidate's path; empty for the patch's own findings
 */
record IdentifiedFinding(Finding finding, String id, String object, Optional<Target> target, Optional<String> candidate) {

    /** {@code object:symbol,sympos} as the reports name the target; {@code ""} for a finding without one. */
    String targetName() {
        return target.map(SummaryLines::targetName).orElse("");
    }

    /** Every finding once: the patch's, each candidate's as a whole, then each target's per candidate. */
    static List<IdentifiedFinding> of(Inspection in) {
        FindingIds ids = new FindingIds();
        List<IdentifiedFinding> out = patchFindings(ids, in.patch().findings());
        for (CandidateInfo c : in.candidates()) {
            for (Finding f : c.findings()) {
                out.add(new IdentifiedFinding(f, ids.of(f, c.object(), "", 0, c.path()), c.object(), Optional.empty(),
                        Optional.of(c.path())));
            }
        }
        for (Target t : in.targets()) {
            for (Verdict v : t.verdicts()) {
                for (Finding f : v.findings()) {
                    out.add(new IdentifiedFinding(f, ids.of(f, t.object(), t.symbol(), t.sympos(), v.candidate()),
                            t.object(), Optional.of(t), Optional.of(v.candidate())));
                }
            }
        }
        return out;
    }

    /**
     * The patch file's own findings alone ({@code show}), with the ids {@code check} gives them: the patch's come
     * first there, so the ids are numbered the same.
     */
    static List<IdentifiedFinding> ofPatchFile(List<Finding> findings) {
        return patchFindings(new FindingIds(), findings);
    }

    private static List<IdentifiedFinding> patchFindings(FindingIds ids, List<Finding> findings) {
        List<IdentifiedFinding> out = new ArrayList<>();
        for (Finding f : findings) {
            out.add(new IdentifiedFinding(f, ids.of(f, "", "", 0, ""), "", Optional.empty(), Optional.empty()));
        }
        return out;
    }
}
