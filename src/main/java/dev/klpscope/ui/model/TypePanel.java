package dev.klpscope.ui.model;

import dev.klpscope.check.Finding;
import dev.klpscope.check.Severity;
import dev.klpscope.check.TypeComparison;
import dev.klpscope.check.Verdict;
import dev.klpscope.module.types.LayoutChange;
import dev.klpscope.module.types.TypeLayout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The details' type panel for one candidate: the type the patch relies on as the reference has it (left) and as the
 * candidate has it (right), one row per member (or per prototype part), the rows that changed marked in the finding's
 * severity. Built from a finding's {@link TypeComparison}; the view only draws it.
 *
 * @param title           {@code struct foo_stats}, or both names where the type was renamed; a function's name
 * @param referenceHeader whose side the left is ({@code the patch's own BTF}, {@code baseline v1 ★}) and its size
 * @param candidateHeader the candidate's label and its size
 * @param severity        the finding's: the colour of the marked rows
 * @param truncated       a side's members were cut by the reader's bound
 */
public record TypePanel(String check, String title, String referenceHeader, String candidateHeader, Severity severity,
                        List<Row> rows, boolean truncated) {

    public TypePanel {
        rows = List.copyOf(rows);
    }

    /** What changed about a row, in the words the panel shows next to it. */
    public enum Mark {
        MOVED, RETYPED, ADDED, REMOVED, VALUE;

        public String word() {
            return this == ADDED ? "new" : this == VALUE ? "value" : name().toLowerCase(Locale.ROOT);
        }
    }

    /** One side of a row: where (an offset, {@code return}, {@code arg 2}), how big, of what type, called what. */
    public record Cell(String where, String size, String type, String name) {
    }

    /** What the panel draws on one line: a row, or a run of unchanged rows folded into their count. */
    public sealed interface Line permits Row, Folded {
    }

    /** {@code rows} unchanged rows left out between the changed ones and their neighbours. */
    public record Folded(int rows) implements Line {
    }

    /** A member on both sides, or on one where it was added or removed. */
    public record Row(Optional<Cell> reference, Optional<Cell> candidate, Set<Mark> marks) implements Line {

        public Row {
            marks = marks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(marks));
        }

        public boolean changed() {
            return !marks.isEmpty();
        }

        /** An enum's constant (its value where a member's offset goes, {@code = 39}), not a member. */
        public boolean constant() {
            return reference.or(() -> candidate).map(c -> c.where().startsWith("= ")).orElse(false);
        }

        /** {@code moved}, {@code moved, retyped}, ...; empty for an unchanged row. */
        public String marksText() {
            return marks.isEmpty() ? "" : EnumSet.copyOf(marks).stream().map(Mark::word).collect(Collectors.joining(", "));
        }
    }

    public long changedRows() {
        return rows.stream().filter(Row::changed).count();
    }

    /**
     * For the title: {@code 2 of 14 members changed}, {@code 2 of 3 parts changed} for a prototype, and where an
     * enum's constants changed, {@code 0 of 14 members changed, 151 enum constants}.
     */
    public String changeCount() {
        long members = rows.stream().filter(r -> !r.constant()).count();
        long changed = rows.stream().filter(r -> !r.constant() && r.changed()).count();
        long constants = rows.stream().filter(Row::constant).count();
        return changed + " of " + members + (check.equals("func-prototype") ? " parts" : " members") + " changed"
                + (constants == 0 ? "" : ", " + constants + (constants == 1 ? " enum constant" : " enum constants"));
    }

    /** Up to this many rows the panel shows them all; a bigger type (struct rcu_data: 173 members) is folded. */
    public static final int FOLD_ABOVE = 16;
    /** Unchanged rows kept above and below each changed one, so that a change is seen among its neighbours. */
    public static final int CONTEXT = 2;

    /**
     * The lines to draw: every row of a small type; of a bigger one, the changed rows with {@value #CONTEXT} rows of
     * context either side, each longer run of unchanged rows folded into one line that counts them.
     */
    public List<Line> lines() {
        if (rows.size() <= FOLD_ABOVE) {
            return List.copyOf(rows);
        }
        boolean[] keep = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).changed()) {
                for (int j = Math.max(0, i - CONTEXT); j <= Math.min(rows.size() - 1, i + CONTEXT); j++) {
                    keep[j] = true;
                }
            }
        }
        List<Line> out = new ArrayList<>();
        int i = 0;
        while (i < rows.size()) {
            int end = i;
            while (end < rows.size() && !keep[end]) {
                end++;
            }
            if (end - i > 1) {
                out.add(new Folded(end - i));
            } else if (end > i) {
                out.add(rows.get(i)); // folding a single row would save nothing
            }
            if (end < rows.size()) {
                out.add(rows.get(end));
            }
            i = end + 1;
        }
        return out;
    }

    /**
     * The panels of the selected target's cards, in card order: one per candidate whose verdict has a finding with
     * both sides of a type. {@code baselineLabel}: the label of the baseline's card, where a reference is the baseline.
     */
    public static List<TypePanel> forCards(List<CandidateDetail> cards) {
        Optional<String> baseline = cards.stream().filter(d -> d.candidate().baseline()).map(CandidateDetail::label).findFirst();
        List<TypePanel> out = new ArrayList<>();
        for (CandidateDetail d : cards) {
            for (Finding f : d.verdict().map(Verdict::findings).orElse(List.of())) {
                f.typeComparison().ifPresent(c -> out.add(of(f, c, d.label(), baseline)));
            }
        }
        return out;
    }

    static TypePanel of(Finding f, TypeComparison c, String candidate, Optional<String> baseline) {
        String reference = c.reference();
        // "the patch's own BTF, the layout its code was compiled against": the part before the comma says whose
        String whose = reference.contains(",") ? reference.substring(0, reference.indexOf(',')) : reference;
        String left = whose.startsWith("the baseline") && baseline.isPresent() ? "baseline " + baseline.get() + " ★" : whose;
        if (c instanceof TypeComparison.LayoutPair l) {
            String title = l.before().type().equals(l.after().type()) ? l.after().type()
                    : l.before().type() + " → " + l.after().type();
            return new TypePanel(f.check(), title, left + " · " + bytes(l.before().size()),
                    candidate + " · " + bytes(l.after().size()), f.severity(), layoutRows(l),
                    l.before().truncated() || l.after().truncated());
        }
        TypeComparison.PrototypePair p = (TypeComparison.PrototypePair) c;
        String name = f instanceof Finding.PrototypeChanged pc ? pc.name() : "";
        return new TypePanel(f.check(), name, left, candidate, f.severity(), prototypeRows(p), false);
    }

    private static String bytes(long n) {
        return n + (n == 1 ? " byte" : " bytes");
    }

    /**
     * The reference's members in order, each with the candidate's member of the same path; a member only the
     * candidate has goes before the first reference member that lies after it.
     */
    static List<Row> layoutRows(TypeComparison.LayoutPair l) {
        Set<String> moved = new HashSet<>();
        Set<String> retyped = new HashSet<>();
        for (LayoutChange ch : l.changes()) {
            if (ch instanceof LayoutChange.Moved m) {
                moved.add(m.to().path());
            } else if (ch instanceof LayoutChange.Retyped r) {
                retyped.add(r.to().path());
            }
        }
        Map<String, TypeLayout.Member> after = new LinkedHashMap<>();
        l.after().members().forEach(m -> after.putIfAbsent(m.path(), m));
        Set<String> before = l.before().members().stream().map(TypeLayout.Member::path).collect(Collectors.toSet());
        List<Row> rows = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        for (TypeLayout.Member m : l.before().members()) {
            TypeLayout.Member there = after.get(m.path());
            EnumSet<Mark> marks = EnumSet.noneOf(Mark.class);
            if (there == null) {
                marks.add(Mark.REMOVED);
            } else {
                if (moved.contains(m.path())) {
                    marks.add(Mark.MOVED);
                }
                if (retyped.contains(m.path())) {
                    marks.add(Mark.RETYPED);
                }
            }
            rows.add(new Row(Optional.of(cell(m)), Optional.ofNullable(there).map(TypePanel::cell), marks));
            at.add(m.bitOffset());
        }
        for (TypeLayout.Member m : l.after().members()) {
            if (before.contains(m.path())) {
                continue;
            }
            int i = 0;
            while (i < at.size() && at.get(i) <= m.bitOffset()) {
                i++;
            }
            rows.add(i, new Row(Optional.empty(), Optional.of(cell(m)), EnumSet.of(Mark.ADDED)));
            at.add(i, m.bitOffset());
        }
        for (LayoutChange ch : l.changes()) {
            if (ch instanceof LayoutChange.EnumChanged e) {
                rows.addAll(constantRows(e));
            }
        }
        return rows;
    }

    /**
     * After the members, one row per changed constant of an enum: its value where the offset goes, the enum where the
     * type goes ({@code = 1 · enum foo_state · FOO_B}); a constant's value changed is marked {@code value}.
     */
    private static List<Row> constantRows(LayoutChange.EnumChanged e) {
        String type = e.enumValues().anonymous() && !e.enumValues().member().isEmpty()
                ? e.enumValues().type() + " of " + e.enumValues().member() : e.enumValues().type();
        List<Row> rows = new ArrayList<>();
        for (LayoutChange.ConstantChange c : e.constants()) {
            Optional<Cell> before = c.from().map(v -> new Cell("= " + v, "", type, c.name()));
            Optional<Cell> after = c.to().map(v -> new Cell("= " + v, "", type, c.name()));
            Mark mark = before.isEmpty() ? Mark.ADDED : after.isEmpty() ? Mark.REMOVED : Mark.VALUE;
            rows.add(new Row(before, after, EnumSet.of(mark)));
        }
        return rows;
    }

    private static Cell cell(TypeLayout.Member m) {
        return new Cell(m.offset(), m.bitfieldSize() > 0 ? m.bitfieldSize() + " bits" : String.valueOf(m.size()), m.type(), m.path());
    }

    /** The return type, then the parameters by position; a part whose text differs is marked retyped. */
    static List<Row> prototypeRows(TypeComparison.PrototypePair p) {
        List<String> before = PrototypeParts.of(p.before());
        List<String> after = PrototypeParts.of(p.after());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            String where = i == 0 ? "return" : "arg " + i;
            Optional<Cell> b = i < before.size() ? Optional.of(new Cell(where, "", before.get(i), "")) : Optional.empty();
            Optional<Cell> a = i < after.size() ? Optional.of(new Cell(where, "", after.get(i), "")) : Optional.empty();
            EnumSet<Mark> marks = EnumSet.noneOf(Mark.class);
            if (b.isEmpty()) {
                marks.add(Mark.ADDED);
            } else if (a.isEmpty()) {
                marks.add(Mark.REMOVED);
            } else if (!before.get(i).equals(after.get(i))) {
                marks.add(Mark.RETYPED);
            }
            rows.add(new Row(b, a, marks));
        }
        return rows;
    }
}
