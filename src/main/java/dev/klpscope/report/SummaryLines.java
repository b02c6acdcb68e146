package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Summary;
import dev.klpscope.check.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The sentences every human-readable report leads with, worded once so the formats cannot drift apart. */
final class SummaryLines {

    private SummaryLines() {
    }

    /**
     * libabigail-style: functions and variables counted apart; then what breaks, what was never checked, and what
     * breaks in the patch file itself (a crash there belongs to no target, yet must not read as "0 breaking").
     */
    static String targets(Summary s) {
        return String.format(Locale.ROOT, "Targets: %d (%d functions, %d variables, %d unknown), %d breaking, %d unchecked%s",
                s.targets(), s.functions(), s.variables(), s.unknown(), s.breakingTargets(), s.uncheckedTargets(),
                s.breakingPatchFindings() == 0 ? "" : "; the patch file itself: " + s.breakingPatchFindings() + " breaking "
                        + (s.breakingPatchFindings() == 1 ? "finding" : "findings"));
    }

    /** Counts per severity, worst first; severities nobody reached are left out. */
    static String findings(Summary s) {
        List<String> parts = new ArrayList<>();
        for (Severity sev : Severity.values()) {
            if (s.count(sev) > 0) {
                parts.add(s.count(sev) + " " + sev.word());
            }
        }
        return "Findings: " + (parts.isEmpty() ? "none" : String.join(", ", parts));
    }

    /**
     * The patch file's own row: lint's worst over the file itself (what the modelled loader and livepatch core would
     * do with it on every kernel it loads on), so that a crashing patch never reads as all green next to ok candidates.
     */
    static String patchFile(Inspection inspection) {
        return "Patch file: " + SeverityStyle.of(inspection.patch().worst()).label() + " (lint: the loader of "
                + inspection.patch().lintRules().describe() + ")";
    }

    static String worst(Inspection inspection) {
        return "Worst: " + SeverityStyle.of(Ordering.overallWorst(inspection)).label();
    }

    /** Which candidates are baselines and why; or that there is none, and what that leaves unchecked. */
    static List<String> baselines(Inspection inspection) {
        List<String> out = new ArrayList<>();
        for (CandidateInfo c : inspection.candidates()) {
            if (c.baseline()) {
                out.add("Baseline for " + c.object() + ": " + c.path() + " (" + reason(c) + ")");
            }
        }
        if (out.isEmpty()) {
            out.add("Baseline: none (comparisons with the build the patch was made against were skipped)");
        }
        return out;
    }

    static String reason(CandidateInfo c) {
        return c.baselineReason().isEmpty() ? (c.baseline() ? "no reason given" : "not a baseline") : c.baselineReason();
    }

    /** {@code object:symbol,sympos} as the kernel's sysfs names a patched function. */
    static String targetName(Target t) {
        return t.object() + ":" + t.symbol() + "," + Long.toUnsignedString(t.sympos());
    }

    /** {@code [function, reference]}. */
    static String targetTags(Target t) {
        return "[" + t.kind().word() + ", " + t.role().word() + "]";
    }

    static String finding(Finding f) {
        return f.check() + ": " + f.message();
    }

    /** What identifies a candidate build: object, release, vermagic, srcversion, build id, signature, compression. */
    static String candidateFacts(CandidateInfo c) {
        List<String> parts = new ArrayList<>();
        parts.add("object " + c.object());
        if (!c.kind().isEmpty()) {
            parts.add(c.kind());
        }
        if (c.showsRelease()) {
            parts.add("release " + c.release());
        }
        if (!c.vermagic().isEmpty()) {
            parts.add("vermagic '" + c.vermagic() + "'");
        }
        c.srcversionIfAny().ifPresent(v -> parts.add("srcversion " + v));
        if (!c.buildId().isEmpty()) {
            parts.add("build id " + c.buildId());
        }
        if (c.signed()) {
            parts.add("signed");
        }
        if (!c.compression().isEmpty() && !c.compression().equalsIgnoreCase("none")) {
            parts.add(c.compression() + "-compressed");
        }
        return String.join(", ", parts);
    }
}
