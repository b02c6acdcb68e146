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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the review image says, line by line, before it is drawn ({@code report.image.ReviewImage} wraps and paints
 * it): the worst and the counts first; the patch file's own row and findings; the candidates by their short labels
 * (★ the baseline); then one line per breaking (target, candidate) pair, worst first, naming the candidate and
 * followed by the kernel's message. Breaking is {@code risk} and worse, as the summary counts it. Paths are relative
 * to the patch's folder, so the picture says the same on every machine.
 */
public final class ReviewSheet {

    /** From {@code risk} up a pair is breaking (as {@link dev.klpscope.check.Summary#breakingTargets} counts). */
    public static final Severity BREAKING = Severity.RISK;

    /** How a line looks; the drawing decides sizes and colours. */
    public enum Style {
        TITLE, HEADLINE, MUTED, HEADING, ITEM, DETAIL,
        /** A line the kernel prints for the finding above, aligned with that finding's text. */
        KERNEL
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

    /** A breaking (target, candidate) pair. */
    private record Pair(Target target, Verdict verdict) {
    }

    private final List<Line> lines = new ArrayList<>();
    /** Each input's path as given, longest first, and as the sheet names it (findings quote paths as given). */
    private final Map<String, String> renamed = new LinkedHashMap<>();

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
        in.candidates().stream().map(CandidateInfo::path).sorted(Comparator.comparing(String::length).reversed())
                .forEach(c -> renamed.put(c, relative(p.path(), c)));
        Map<String, String> labels = CandidateLabels.ofCandidates(in.candidates());
        List<Pair> pairs = breakingPairs(in);
        add(Line.of(Style.TITLE, "klpscope review: " + p.name()));
        add(Line.of(Style.HEADLINE, Ordering.overallWorst(in), headline(in, pairs)));
        add(Line.of(Style.MUTED, SummaryLines.findings(in.summary()) + " · " + in.summary().targets() + " targets, "
                + in.summary().uncheckedTargets() + " unchecked"));
        patchFile(p);
        candidates(in, labels);
        pairs(in, pairs, labels);
        int ok = (int) in.targets().stream().filter(t -> !t.verdicts().isEmpty() && t.worst() == Severity.OK).count();
        int minor = (int) in.targets().stream()
                .filter(t -> !t.verdicts().isEmpty() && t.worst() != Severity.OK && !t.worst().atLeast(BREAKING)).count();
        add(Line.of(Style.MUTED, ok + (ok == 1 ? " target" : " targets") + " ok on every candidate, " + minor
                + " with warnings or notes only: the Markdown or HTML report has them. klpscope " + in.toolVersion()));
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

    /** Each candidate by its short label (★ the baseline), its path and build, and its own breaking findings. */
    private void candidates(Inspection in, Map<String, String> labels) {
        String patch = in.patch().path();
        add(Line.of(Style.HEADING, "Candidates (" + in.candidates().size() + ")"));
        if (in.candidates().isEmpty()) {
            add(Line.of(Style.DETAIL, "none: the patch file was checked alone"));
        }
        for (CandidateInfo c : in.candidates()) {
            add(Line.of(Style.ITEM, Ordering.candidateWorst(in, c), CandidateLabels.shown(labels.get(c.path()), c.baseline())
                    + "  " + relative(patch, c.path()) + " (" + c.object()
                    + (c.release().isEmpty() ? "" : ", " + c.release()) + ")"
                    + (!c.baseline() ? "" : c.baselineAmbiguous() ? "; baseline (ambiguous, below)"
                    : "; baseline: " + SummaryLines.reason(c))));
            // A candidate's own breaking findings (a build the patch cannot load on, say) hold for every target.
            for (Finding f : Ordering.findingsWorstFirst(c.findings())) {
                if (f.severity().atLeast(BREAKING)) {
                    finding(f);
                }
            }
        }
    }

    /** One line per breaking pair, worst first, naming the candidate, then the kernel's lines for it. */
    private void pairs(Inspection in, List<Pair> pairs, Map<String, String> labels) {
        add(Line.of(Style.HEADING, "Breaking target × candidate pairs (" + pairs.size() + ")"));
        if (pairs.isEmpty()) {
            add(Line.of(Style.DETAIL, in.candidates().isEmpty() ? "none: no candidate to check the targets against"
                    : "none: every candidate resolves every target without a risk"));
        }
        for (Pair pair : pairs) {
            Verdict v = pair.verdict();
            add(Line.of(Style.ITEM, v.severity(), SummaryLines.targetName(pair.target()) + " on "
                    + labels.get(v.candidate()) + ": " + SummaryLines.finding(v.headline())));
            for (Finding f : Ordering.findingsWorstFirst(v.findings())) {
                if (f.severity().atLeast(BREAKING)) {
                    f.kernelMessage().ifPresent(k -> k.lines().forEach(l -> add(Line.of(Style.KERNEL, "kernel: " + l))));
                }
            }
        }
    }

    /** What the worst is made of: the patch file's own verdict, then the breaking pairs and candidates. */
    private static String headline(Inspection in, List<Pair> pairs) {
        long candidates = pairs.stream().map(pair -> pair.verdict().candidate()).distinct().count();
        return "patch file " + in.patch().worst().word() + " · " + pairs.size() + " breaking target × candidate "
                + (pairs.size() == 1 ? "pair" : "pairs") + " on " + candidates + " of " + in.candidates().size()
                + " candidates (" + in.summary().breakingTargets() + " of " + in.summary().targets() + " targets)";
    }

    /** Worst first; equal severities in target order, then candidate order (both as the inspection gives them). */
    private static List<Pair> breakingPairs(Inspection in) {
        List<Pair> out = new ArrayList<>();
        for (Target t : in.targets()) {
            for (CandidateInfo c : in.candidates()) {
                t.verdictFor(c.path()).filter(v -> v.severity().atLeast(BREAKING)).ifPresent(v -> out.add(new Pair(t, v)));
            }
        }
        out.sort(Comparator.comparing(pair -> pair.verdict().severity()));
        return out;
    }

    private void finding(Finding f) {
        add(Line.of(Style.DETAIL, f.severity(), SummaryLines.finding(f)));
        f.kernelMessage().ifPresent(k -> k.lines().forEach(l -> add(Line.of(Style.KERNEL, "kernel: " + l))));
    }

    /**
     * {@code path} relative to the patch's folder when it is at most two folders up from there; as given otherwise
     * (a system path such as /var/cache/… reads better whole than as ../../../..).
     */
    static String relative(String patch, String path) {
        Path folder = Path.of(patch).toAbsolutePath().normalize().getParent();
        Path target = Path.of(path).toAbsolutePath().normalize();
        if (folder == null) {
            return path;
        }
        Path rel = folder.relativize(target);
        int up = 0;
        for (Path part : rel) {
            if (part.toString().equals("..")) {
                up++;
            }
        }
        return up <= 2 ? rel.toString() : path;
    }

    private void add(Line line) {
        String text = line.text();
        for (Map.Entry<String, String> e : renamed.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        lines.add(new Line(line.style(), line.badge(), ControlChars.escape(text)));
    }
}
