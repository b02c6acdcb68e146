package dev.klpscope.agreement;

import java.util.List;

/** Recorded outcome × predicted severity, counted per kernel, as the Markdown table docs/checks.md shows. */
public final class ConfusionMatrix {

    private ConfusionMatrix() {
    }

    /** A table for one kernel's rows; {@code columns} are the predictions shown, in order. */
    public static String markdown(String title, List<Judged> rows, List<String> columns) {
        StringBuilder b = new StringBuilder(title).append(" (").append(rows.size()).append(" rows, ")
                .append(rows.stream().filter(Judged::agrees).count()).append(" agree)\n\n");
        b.append("| recorded \\ predicted |");
        columns.forEach(c -> b.append(' ').append(c).append(" |"));
        b.append("\n|---|");
        columns.forEach(c -> b.append("---|"));
        b.append('\n');
        for (KernelOutcome o : KernelOutcome.values()) {
            b.append("| ").append(o.words()).append(" |");
            for (String c : columns) {
                long n = rows.stream().filter(r -> r.recorded() == o && r.predicted().equals(c)).count();
                b.append(' ').append(n == 0 ? "" : Long.toString(n)).append(" |");
            }
            b.append('\n');
        }
        for (Judged r : rows) {
            if (!columns.contains(r.predicted())) {
                throw new AssertionError("prediction outside the table's columns: " + r);
            }
        }
        return b.toString();
    }
}
