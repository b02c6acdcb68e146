package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.PatchInfo;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the review image says, line by line, before it is drawn ({@code report.image.ReviewImage} wraps and paints
 * it): the worst part and the counts first (candidates counted by their own worst); the patch file's own row and
 * findings; the candidates by their short labels (★ the baseline), each with why its badge is not ok; then the
 * breaking (target, candidate) pairs, worst first, those alike grouped on one line naming their candidates and
 * followed by the members that changed where a variable's layout did ({@link MemberDiff}) and the kernel's message, or
 * by a note where the kernel refuses the patch on that candidate before it gets there. Breaking is {@code risk} and worse, as the summary counts it. Paths are relative to the patch's folder
 * ({@link ReviewPaths}), so the picture says the same on every machine.
 */
public final class ReviewSheet {

    /** From {@code risk} up a pair is breaking (as {@link dev.klpscope.check.Summary#breakingTargets} counts). */
    public static final Severity BREAKING = Severity.RISK;

    /** How a line looks; the drawing decides sizes and colours. */
    public enum Style {
        TITLE, HEADLINE, MUTED, HEADING, ITEM, DETAIL,
        /** A line the kernel prints for the finding above, aligned with that finding's text. */
        KERNEL,
        /** The members that changed in the variable of the finding above ({@link MemberDiff}), aligned like {@link #KERNEL}. */
        MEMBERS
    }

    /**
     * One line of the sheet, unwrapped.
     *
     * @param badge a severity drawn as a coloured badge before the text, if any
     */
    public record Line(Style style, Optional<Severity> badge, String text) {

        static Line of(Style style, String text) {
            return new Line(style, Optional.empty(), text);
        }

        static Line of(Style style, Severity badge, String text) {
            return new Line(style, Optional.of(badge), text);
        }
    }

    /**
     * Breaking pairs that read alike: one target, one severity, the same words and kernel lines, on the candidates
     * in {@code labels} (in the inspection's order).
     *
     * @param stop the candidate's own refusal the kernel meets before it gets to this target, if any
     */
    private record PairGroup(Target target, Severity severity, String text, List<String> kernel, Optional<String> stop,
                             Optional<String> members, List<String> labels) {
    }

    private final List<Line> lines = new ArrayList<>();
    private ReviewPaths paths;
    private Map<String, String> labels;

    private ReviewSheet() {
    }

    /** The lines of the sheet, in order. */
    public static List<Line> of(Inspection inspection) {
        ReviewSheet s = new ReviewSheet();
        s.write(inspection);
        return List.copyOf(s.lines);
    }

    /** The file name a window offers when saving it: {@code <patch>-review.png}. */
    public static String fileName(Inspection inspection) {
        return inspection.patch().name() + "-review.png";
    }

    private void write(Inspection in) {
        PatchInfo p = in.patch();
        paths = new ReviewPaths(p.path(), in.candidates().stream().map(CandidateInfo::path).toList());
        labels = CandidateLabels.ofCandidates(in.candidates(), paths::path);
        List<PairGroup> groups = pairGroups(in);
        int pairs = groups.stream().mapToInt(g -> g.labels().size()).sum();
        add(Line.of(Style.TITLE, "klpscope review: " + p.name()));
        add(Line.of(Style.HEADLINE, Ordering.overallWorst(in), headline(in, pairs)));
        add(Line.of(Style.MUTED, SummaryLines.findings(in.summary()) + " · " + in.summary().targets() + " targets, "
                + in.summary().uncheckedTargets() + " unchecked"));
        patchFile(p);
        candidates(in);
        pairs(in, groups, pairs);
        footer(in);
    }

    /** The patch file's own row (lint's worst for the file itself) and its findings. */
    private void patchFile(PatchInfo p) {
        add(Line.of(Style.HEADING, "Patch file"));
        add(Line.of(Style.ITEM, p.worst(), "patch file " + Path.of(p.path()).getFileName() + " (vermagic '" + p.vermagic()
                + "'; lint: the loader of " + p.lintRules().describe() + ")"));
        for (Finding f : Ordering.findingsWorstFirst(p.findings())) {
            if (f.severity().atLeast(Severity.INFO)) {
                finding(f);
            }
        }
    }

    /**
     * Each candidate by its short label (★ the baseline), its path and build, and its own breaking findings (a build
     * the patch cannot load on, say: they hold for every target); when its badge is not ok and none of those says
     * why, its worst finding. A finding worded alike on an earlier candidate points there instead of repeating.
     */
    private void candidates(Inspection in) {
        add(Line.of(Style.HEADING, "Candidates (" + in.candidates().size() + ")"));
        if (in.candidates().isEmpty()) {
            add(Line.of(Style.DETAIL, "none: the patch file was checked alone"));
        }
        Map<String, String> firstSaidBy = new HashMap<>();
        for (CandidateInfo c : in.candidates()) {
            Severity worst = Ordering.candidateWorst(in, c);
            add(Line.of(Style.ITEM, worst, CandidateLabels.shown(labels.get(c.path()), c.baseline())
                    + "  " + paths.path(c.path()) + " (" + c.object()
                    + (c.release().isEmpty() ? "" : ", " + c.release()) + ")"
                    + (!c.baseline() ? "" : c.baselineAmbiguous() ? "; baseline (ambiguous, below)"
                    : "; baseline: " + paths.inText(SummaryLines.reason(c)))));
            boolean said = false;
            for (Finding f : Ordering.findingsWorstFirst(c.findings())) {
                if (f.severity().atLeast(BREAKING)) {
                    String text = SummaryLines.finding(f);
                    String earlier = firstSaidBy.putIfAbsent(text, labels.get(c.path()));
                    if (earlier == null) {
                        finding(f);
                    } else {
                        add(Line.of(Style.DETAIL, f.severity(), f.check() + ": as for " + earlier + " above"));
                    }
                    said |= f.severity() == worst;
                }
            }
            if (!said && worst != Severity.OK) {
                worstOf(in, c, worst);
            }
        }
    }

    /**
     * Why a candidate's badge is what it is when its own breaking findings do not say: its worst own finding, else
     * the first target whose verdict on it is that bad (a breaking one is listed in full below).
     */
    private void worstOf(Inspection in, CandidateInfo c, Severity worst) {
        Optional<Finding> own = c.findings().stream().filter(f -> f.severity() == worst).findFirst();
        if (own.isPresent()) {
            finding(own.get());
            return;
        }
        for (Target t : in.targets()) {
            Optional<Verdict> v = t.verdictFor(c.path()).filter(x -> x.severity() == worst);
            if (v.isPresent()) {
                add(Line.of(Style.DETAIL, worst, "on " + SummaryLines.targetName(t) + (worst.atLeast(BREAKING) ? " (below)"
                        : ": " + paths.inText(SummaryLines.finding(v.get().headline())))));
                return;
            }
        }
    }

    /**
     * One line per group of breaking pairs, worst first, naming the candidates, then the kernel's lines for it; on
     * a candidate the loader refuses before it resolves any symbol, a note that the kernel never gets that far.
     */
    private void pairs(Inspection in, List<PairGroup> groups, int pairs) {
        add(Line.of(Style.HEADING, "Breaking target × candidate pairs (" + pairs + ")"));
        Severity patchWorst = in.patch().worst();
        if (groups.isEmpty()) {
            add(Line.of(Style.DETAIL, in.candidates().isEmpty() ? "none: no candidate to check the targets against"
                    : patchWorst.atLeast(BREAKING) ? "none among the targets, but the patch file's own " + patchWorst.word()
                    + " (above) holds on every candidate"
                    : "none: every candidate resolves every target without a risk"));
        }
        for (PairGroup g : groups) {
            add(Line.of(Style.ITEM, g.severity(), SummaryLines.targetName(g.target()) + " on "
                    + String.join(", ", g.labels()) + ": " + g.text()));
            g.members().ifPresent(m -> add(Line.of(Style.MEMBERS, "members: " + m)));
            if (g.stop().isPresent()) {
                add(Line.of(Style.KERNEL, "kernel: never gets here on " + (g.labels().size() == 1 ? "this candidate" : "these")
                        + ": it refuses the patch at " + g.stop().get() + " first (above)"));
            } else {
                g.kernel().forEach(l -> add(Line.of(Style.KERNEL, "kernel: " + l)));
            }
        }
    }

    /** The targets counted by their worst, what the image leaves out, and the tool's version, each a line. */
    private void footer(Inspection in) {
        int ok = 0;
        int minor = 0;
        for (Target t : in.targets()) {
            if (!t.verdicts().isEmpty() && t.worst() == Severity.OK) {
                ok++;
            } else if (!t.verdicts().isEmpty() && !t.worst().atLeast(BREAKING)) {
                minor++;
            }
        }
        add(Line.of(Style.MUTED, "Targets: " + ok + " ok on every candidate, " + minor + " with only warnings or notes, "
                + in.summary().breakingTargets() + " breaking, " + in.summary().uncheckedTargets() + " unchecked."));
        add(Line.of(Style.MUTED, "Every finding, warnings and notes included, is in the Markdown or HTML report."));
        add(Line.of(Style.MUTED, "klpscope " + in.toolVersion()));
    }

    /**
     * The worst part first: a patch file that breaks fails on every candidate; else how many candidates break by
     * their own worst (their findings and every verdict about them), by severity; then the pairs; the patch file's
     * verdict last when it does not break.
     */
    private static String headline(Inspection in, int pairs) {
        Severity patchWorst = in.patch().worst();
        int n = in.candidates().size();
        String pairPart = pairs + " breaking target × candidate " + (pairs == 1 ? "pair" : "pairs") + " ("
                + in.summary().breakingTargets() + " of " + in.summary().targets() + " targets)";
        if (patchWorst.atLeast(BREAKING)) {
            return "patch file " + patchWorst.word() + ": the patch fails on every candidate"
                    + (n == 0 ? " (none given)" : " (" + n + " of " + n + ") · " + pairPart);
        }
        if (n == 0) {
            return "no candidate: the patch file was checked alone · patch file " + patchWorst.word();
        }
        Map<Severity, Integer> bySeverity = new TreeMap<>();
        for (CandidateInfo c : in.candidates()) {
            Severity w = Ordering.candidateWorst(in, c);
            if (w.atLeast(BREAKING)) {
                bySeverity.merge(w, 1, Integer::sum);
            }
        }
        int breaking = bySeverity.values().stream().mapToInt(Integer::intValue).sum();
        String how = bySeverity.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().word())
                .collect(Collectors.joining(", "));
        return breaking + " of " + n + (n == 1 ? " candidate breaks" : " candidates break")
                + (breaking == 0 ? "" : " (" + how + ")") + " · " + pairPart + " · patch file " + patchWorst.word();
    }

    /**
     * The breaking pairs grouped as {@link PairGroup}: worst first; at equal severity the ones the kernel gets to
     * first, then target order and candidate order (both as the inspection gives them).
     */
    private List<PairGroup> pairGroups(Inspection in) {
        Map<String, PairGroup> groups = new LinkedHashMap<>();
        for (Target t : in.targets()) {
            for (CandidateInfo c : in.candidates()) {
                Optional<Verdict> found = t.verdictFor(c.path()).filter(v -> v.severity().atLeast(BREAKING));
                if (found.isEmpty()) {
                    continue;
                }
                Verdict v = found.get();
                List<String> kernel = new ArrayList<>();
                for (Finding f : Ordering.findingsWorstFirst(v.findings())) {
                    if (f.severity().atLeast(BREAKING)) {
                        f.kernelMessage().ifPresent(k -> k.lines().forEach(kernel::add));
                    }
                }
                Optional<String> stop = LoaderStops.first(c.findings());
                // a var-layout headline counts its changes: the member diff under it names them
                String text = paths.inText(v.headline().check() + ": " + MemberDiff.message(v.headline()));
                Optional<String> members = members(v);
                String key = String.join("\u0000", SummaryLines.targetName(t), v.severity().name(), text,
                        String.join("\n", kernel), stop.orElse(""), members.orElse(""));
                groups.computeIfAbsent(key, k -> new PairGroup(t, v.severity(), text, kernel, stop, members, new ArrayList<>()))
                        .labels().add(labels.get(c.path()));
            }
        }
        return groups.values().stream().sorted(Comparator.comparing(PairGroup::severity)
                .thenComparing(g -> g.stop().isPresent())).toList();
    }

    /** The member diff of the verdict's breaking layout finding, if it has one. */
    private static Optional<String> members(Verdict v) {
        return Ordering.findingsWorstFirst(v.findings()).stream().filter(f -> f.severity().atLeast(BREAKING))
                .flatMap(f -> MemberDiff.under(f, MemberDiff.Format.PLAIN).stream()).findFirst();
    }

    private void finding(Finding f) {
        add(Line.of(Style.DETAIL, f.severity(), paths.inText(SummaryLines.finding(f))));
        f.kernelMessage().ifPresent(k -> k.lines().forEach(l -> add(Line.of(Style.KERNEL, "kernel: " + l))));
    }

    private void add(Line line) {
        lines.add(new Line(line.style(), line.badge(), ControlChars.escape(line.text())));
    }
}
