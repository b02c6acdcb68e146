package dev.klpscope.ui.model;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worst verdict in each candidate column of the tree, for a row that stands for many targets (an object, a group)
 * or for the patch file itself; empty in the column of a candidate of another object, which has nothing to say.
 */
public record ColumnWorst(List<Optional<Severity>> cells) {

    public ColumnWorst {
        cells = List.copyOf(cells);
    }

    /** The cell of candidate column {@code column}; empty past the last. */
    public Optional<Severity> at(int column) {
        return column >= 0 && column < cells.size() ? cells.get(column) : Optional.empty();
    }

    /**
     * The patch file's own worst (lint: what the loader and the livepatch core do with the file) in every column: the
     * file is the same whichever candidate it is loaded with, so a patch that crashes the kernel is never all green.
     */
    static ColumnWorst patchFile(Inspection i) {
        Severity worst = i.patch().worst();
        return new ColumnWorst(i.candidates().stream().map(c -> Optional.of(worst)).toList());
    }

    /** Worst per column over {@code targets}, all of {@code object}; columns of its candidates start at {@code ok}. */
    static ColumnWorst over(Columns columns, String object, Iterable<Target> targets) {
        Severity[] w = new Severity[columns.candidates().size()];
        for (int n = 0; n < w.length; n++) {
            w[n] = columns.candidates().get(n).object().equals(object) ? Severity.OK : null;
        }
        for (Target t : targets) {
            for (Verdict v : t.verdicts()) {
                Integer n = columns.index().get(v.candidate());
                if (n != null && w[n] != null) {
                    w[n] = Severity.worst(w[n], v.severity());
                }
            }
        }
        List<Optional<Severity>> cells = new ArrayList<>(w.length);
        for (Severity s : w) {
            cells.add(Optional.ofNullable(s));
        }
        return new ColumnWorst(cells);
    }

    /** What a verdict cell of the tree shows for any row: a summary's column, a target's verdict, nothing for a site. */
    public static Optional<Severity> cell(Inspection i, TreeRow row, int column) {
        if (i == null || column < 0 || column >= i.candidates().size()) {
            return Optional.empty();
        }
        if (row instanceof TreeRow.Summary s) {
            return s.columns().at(column);
        }
        if (row instanceof TreeRow.TargetRow t) {
            return t.target().verdictFor(i.candidates().get(column).path()).map(Verdict::severity);
        }
        return Optional.empty();
    }

    /** The candidate columns of an inspection, with each candidate's column by path. */
    record Columns(List<CandidateInfo> candidates, Map<String, Integer> index) {
        static Columns of(Inspection i) {
            Map<String, Integer> index = new HashMap<>();
            for (int n = 0; n < i.candidates().size(); n++) {
                index.putIfAbsent(i.candidates().get(n).path(), n);
            }
            return new Columns(i.candidates(), index);
        }
    }
}
