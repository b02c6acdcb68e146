package dev.klpscope.ui.model;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.CandidateSymbol;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Role;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Site;
import dev.klpscope.check.Summary;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The words the window shows, in one place so that the view, the clipboard and the review image agree. */
public final class Texts {

    /** Shown where a candidate belongs to another object than the target. */
    public static final String NOT_APPLICABLE = "—";

    private Texts() {
    }

    /** "3 targets: 2 functions, 1 variable · findings: 1 refused, 1 info" (functions and variables apart, as libabigail). */
    public static String summary(Summary s) {
        StringBuilder b = new StringBuilder();
        b.append(Session.count(s.targets(), "target")).append(": ").append(Session.count(s.functions(), "function"))
                .append(", ").append(Session.count(s.variables(), "variable"));
        if (s.unknown() > 0) {
            b.append(", ").append(s.unknown()).append(" unknown");
        }
        b.append(" · ").append(s.breakingTargets()).append(" breaking");
        // A crash in the patch file belongs to no target, yet must not read as "0 breaking" (as in the reports).
        if (s.breakingPatchFindings() > 0) {
            b.append(", the patch file itself: ").append(count(s.breakingPatchFindings(), "breaking finding"));
        }
        b.append(" · findings: ");
        List<String> parts = new ArrayList<>();
        for (Severity sev : Severity.values()) {
            if (sev != Severity.OK && s.count(sev) > 0) {
                parts.add(s.count(sev) + " " + sev.word());
            }
        }
        b.append(parts.isEmpty() ? "none" : String.join(", ", parts));
        return b.toString();
    }

    public static String site(Site s) {
        return String.format("%s+0x%x  %s%s", s.section(), s.offset(), s.type(),
                s.function().isEmpty() ? "" : "  in " + s.function() + "()");
    }

    public static String sites(int n) {
        return Session.count(n, "site");
    }

    public static String findings(int n) {
        return count(n, "finding");
    }

    /** "1 target", "2 targets". */
    public static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * A target's sites column: the count, except a function the patch replaces and nothing references, which needs
     * no relocation site ("0" there would read as "unused").
     */
    public static String siteCell(Target t) {
        return replacedOnly(t) ? "—" : String.valueOf(t.sites().size());
    }

    /** A target's sites in words, for titles: "3 sites", or "replaced, no site refers to it". */
    public static String sitesLine(Target t) {
        return replacedOnly(t) ? "replaced by the patch, no relocation site refers to it" : sites(t.sites().size());
    }

    private static boolean replacedOnly(Target t) {
        return t.role() == Role.PATCHED && t.sites().isEmpty();
    }

    /** What a candidate has under a name: "FUNC GLOBAL, 22 bytes, .text, position 1 (bound)". */
    public static String symbol(CandidateSymbol c) {
        StringBuilder b = new StringBuilder();
        b.append(c.type()).append(' ').append(c.binding()).append(", ").append(c.sizeKnown() ? c.size() + " bytes" : "size unknown").append(", ").append(c.section());
        if (c.position() > 0) {
            b.append(", position ").append(c.position());
        }
        if (c.comingPosition() != c.position()) {
            b.append(" (").append(c.comingPosition() > 0 ? "position " + c.comingPosition() : "not counted")
                    .append(" while it loads)");
        }
        if (c.bound()) {
            b.append(" — the kernel binds to this one");
        }
        return b.toString();
    }

    /** A verdict cell as text: "refused" or "—". */
    public static String verdictWord(Optional<Verdict> v) {
        return v.map(x -> x.severity().word()).orElse(NOT_APPLICABLE);
    }

    /** The selected target as one line of tab-separated text, for Ctrl+C. */
    public static String row(TreeRow row, Inspection inspection, Function<String, String> label) {
        if (row instanceof TreeRow.PatchRow p) {
            return "patch file " + p.name() + "\t" + Session.count(p.findings(), "finding") + "\tworst: " + p.worst().word()
                    + " (" + p.loader() + "'s loader)";
        }
        if (row instanceof TreeRow.CandidatesRow c) {
            List<String> cells = new ArrayList<>(List.of("candidate files", Session.count(c.findings(), "finding")));
            for (CandidateInfo candidate : inspection.candidates()) {
                cells.add(label.apply(candidate.path()) + ": " + candidate.worst().word());
            }
            return String.join("\t", cells);
        }
        if (row instanceof TreeRow.ObjectRow o) {
            return o.object() + "\t" + Session.count(o.targets(), "target") + "\tworst: " + o.worst().word();
        }
        if (row instanceof TreeRow.GroupRow g) {
            return g.object() + "\t" + g.label() + "\t" + Session.count(g.targets(), "target") + "\tworst: "
                    + g.worst().word();
        }
        if (row instanceof TreeRow.SiteRow s) {
            return s.target().label() + "\t" + site(s.site());
        }
        Target t = ((TreeRow.TargetRow) row).target();
        List<String> cells = new ArrayList<>(List.of(t.kind().word(), t.label(), t.object(), t.role().word(),
                sitesLine(t)));
        for (CandidateInfo candidate : inspection.candidates()) {
            Optional<Verdict> v = t.verdictFor(candidate.path());
            cells.add(label.apply(candidate.path()) + ": " + verdictWord(v) + v.map(x -> " (" + x.headline().message() + ")").orElse(""));
        }
        return String.join("\t", cells);
    }

    /** A finding in full, as the details pane and the clipboard show it. */
    public static String finding(Finding f) {
        StringBuilder b = new StringBuilder(f.severity().word()).append(": ").append(f.message());
        f.kernelMessage().ifPresent(k -> b.append("\n  kernel: ").append(k));
        b.append("\n  why: ").append(f.why());
        return b.toString();
    }

    public static String candidateVersion(CandidateInfo c) {
        List<String> parts = new ArrayList<>();
        if (c.showsRelease()) {
            parts.add("release " + c.release());
        }
        if (!c.vermagic().isEmpty()) {
            parts.add("vermagic " + c.vermagic());
        }
        c.srcversionIfAny().ifPresent(s -> parts.add("srcversion " + s));
        if (!c.buildId().isEmpty()) {
            parts.add("build id " + c.buildId());
        }
        return String.join(" · ", parts);
    }
}
