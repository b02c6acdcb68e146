package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.module.KernelBuild;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A patch against a fleet: targets × kernel builds, when the candidates come from more than one build. A
 * candidate's build is its release ({@link CandidateInfo#kernelBuild()}: a vmlinux's banner, a module's vermagic);
 * builds are sorted by version ({@link KernelBuild#BY_VERSION}), candidates without a release last in one column.
 * A row is an object of the patch as a whole (what the loader decides about each build's file: vermagic, CRCs,
 * layout) or one target; a cell is the worst verdict of that row's candidates of that build, or empty when the
 * build has no candidate of its object. A cell whose worst findings the gate leaves out ({@code --accept},
 * {@code --ignore}) keeps its severity and is marked {@code accepted} or {@code ignored}, as the reports mark those
 * findings. Adjacent builds with identical cells are grouped ({@link #runs}), and so are
 * adjacent builds whose whole columns are identical ({@link #columnGroups}).
 *
 * @param builds the columns, by version
 * @param rows   objects first (in the patch's order), then targets (in the inspection's order)
 */
public record BuildMatrix(List<Build> builds, List<Row> rows) {

    /**
     * A column: one kernel build and the candidates of it.
     *
     * @param build empty for the candidates whose file names no release
     * @param label the build as columns show it: without the flavour when every build has the same one
     */
    public record Build(Optional<KernelBuild> build, String label, List<CandidateInfo> candidates) {
    }

    /**
     * One cell: the worst severity of the row's candidates of one build, and how the gate treats that verdict.
     *
     * @param suppressed {@code accepted} or {@code ignored} when the gate leaves out every finding at
     *                   {@code severity} (both words, joined, when it leaves them out for both reasons); empty when it
     *                   counts one
     */
    public record Cell(Severity severity, Optional<String> suppressed) {

        /** {@code silent}, {@code silent [accepted]}: the text report's way of marking a finding. */
        public String word() {
            return severity.word() + suppressed.map(m -> " [" + m + "]").orElse("");
        }
    }

    /** @param target empty for the row of an object as a whole; {@code cells} one per build, empty: no candidate */
    public record Row(String object, Optional<Target> target, List<Optional<Cell>> cells) {

        /** How the row is named: {@code object:symbol,sympos}, or the object itself. */
        public String label() {
            return target.map(SummaryLines::targetName).orElse(object + " (the object itself)");
        }
    }

    /** Adjacent builds {@code from..to} (indexes, inclusive) sharing one cell, or one whole column. */
    public record Run(int from, int to, Optional<Cell> cell) {
    }

    /** The matrix, when the candidates come from at least two kernel builds; a single build needs none. */
    public static Optional<BuildMatrix> of(Inspection in) {
        return of(in, SuppressionMarks.NONE);
    }

    /** As above, marking the cells whose worst findings {@code suppressions} leave out of the gate. */
    public static Optional<BuildMatrix> of(Inspection in, Suppressions suppressions) {
        return of(in, SuppressionMarks.of(in, suppressions));
    }

    static Optional<BuildMatrix> of(Inspection in, SuppressionMarks marks) {
        Map<KernelBuild, List<CandidateInfo>> known = new TreeMap<>(KernelBuild.BY_VERSION);
        List<CandidateInfo> unknown = new ArrayList<>();
        for (CandidateInfo c : in.candidates()) {
            c.kernelBuild().ifPresentOrElse(b -> known.computeIfAbsent(b, k -> new ArrayList<>()).add(c), () -> unknown.add(c));
        }
        if (known.size() < 2) {
            return Optional.empty();
        }
        boolean oneFlavour = known.keySet().stream().map(KernelBuild::flavour).distinct().count() == 1;
        List<Build> builds = new ArrayList<>();
        known.forEach((b, cs) -> builds.add(new Build(Optional.of(b), oneFlavour ? b.build() : b.release(), cs)));
        if (!unknown.isEmpty()) {
            builds.add(new Build(Optional.empty(), "(release unknown)", unknown));
        }
        List<Row> rows = new ArrayList<>();
        for (String o : in.patch().objects()) {
            rows.add(new Row(o, Optional.empty(), cells(builds, c -> c.object().equals(o)
                    ? Optional.of(marked(c.findings(), "", c.path(), marks)) : Optional.empty())));
        }
        for (Target t : in.targets()) {
            String name = SummaryLines.targetName(t);
            rows.add(new Row(t.object(), Optional.of(t), cells(builds, c -> t.verdictFor(c.path())
                    .map(v -> marked(v.findings(), name, v.candidate(), marks)))));
        }
        return Optional.of(new BuildMatrix(List.copyOf(builds), List.copyOf(rows)));
    }

    /** The findings of one candidate in one row, as the findings at their worst severity and their marks. */
    private record Marked(Severity severity, List<Optional<String>> marks) {
    }

    private static Marked marked(List<Finding> findings, String target, String candidate, SuppressionMarks marks) {
        Severity worst = Finding.worstOf(findings);
        return new Marked(worst, findings.stream().filter(f -> f.severity() == worst)
                .map(f -> marks.of(f, target, candidate)).toList());
    }

    private static List<Optional<Cell>> cells(List<Build> builds,
                                              java.util.function.Function<CandidateInfo, Optional<Marked>> of) {
        List<Optional<Cell>> out = new ArrayList<>();
        for (Build b : builds) {
            List<Marked> found = b.candidates().stream().map(of).flatMap(Optional::stream).toList();
            out.add(found.stream().map(Marked::severity).reduce(Severity::worst).map(worst -> cell(worst, found)));
        }
        return out;
    }

    /** Marked when the gate leaves out every finding at the worst severity, of every candidate that has one. */
    private static Cell cell(Severity worst, List<Marked> found) {
        List<Optional<String>> atWorst = found.stream().filter(m -> m.severity() == worst)
                .flatMap(m -> m.marks().stream()).toList();
        if (atWorst.isEmpty() || atWorst.stream().anyMatch(Optional::isEmpty)) {
            return new Cell(worst, Optional.empty());
        }
        return new Cell(worst, Optional.of(String.join(", ", new java.util.TreeSet<>(
                atWorst.stream().map(Optional::get).toList()))));
    }

    /** The row's cells with adjacent equal ones grouped, in build order. */
    public List<Run> runs(Row row) {
        List<Run> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= builds.size(); i++) {
            if (i == builds.size() || !row.cells().get(i).equals(row.cells().get(from))) {
                out.add(new Run(from, i - 1, row.cells().get(from)));
                from = i;
            }
        }
        return out;
    }

    /** Adjacent builds whose cells are equal in every row, grouped: the columns a table needs. */
    public List<Run> columnGroups() {
        List<Run> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= builds.size(); i++) {
            if (i == builds.size() || !sameColumn(from, i)) {
                out.add(new Run(from, i - 1, Optional.empty()));
                from = i;
            }
        }
        return out;
    }

    private boolean sameColumn(int a, int b) {
        return rows.stream().allMatch(r -> Objects.equals(r.cells().get(a), r.cells().get(b)));
    }

    /** {@code 6.1.0-47 … 6.1.0-53}, or one build's label. */
    public String label(Run run) {
        return run.from() == run.to() ? builds.get(run.from()).label()
                : builds.get(run.from()).label() + " … " + builds.get(run.to()).label();
    }

    /** The row as one line: {@code 6.1.0-47 … 6.1.0-53: ok · 6.1.0-56 … 6.1.0-57: silent}. */
    public String runsLine(Row row) {
        List<String> parts = new ArrayList<>();
        for (Run r : runs(row)) {
            parts.add(label(r) + ": " + cellWord(r.cell()));
        }
        return String.join(" · ", parts);
    }

    /** A cell's word: the severity (and its mark), or {@code none} where the build has no candidate of the row's object. */
    public static String cellWord(Optional<Cell> cell) {
        return cell.map(Cell::word).orElse("none");
    }

    /** What the builds have in common, for the heading: their flavour when they share one. */
    public String heading() {
        List<String> flavours = builds.stream().flatMap(b -> b.build().stream()).map(KernelBuild::flavour).distinct().toList();
        String known = builds.size() + " kernel build" + (builds.size() == 1 ? "" : "s") + " by version";
        return flavours.size() == 1 && !flavours.get(0).isEmpty() ? known + ", flavour " + flavours.get(0) : known;
    }
}
