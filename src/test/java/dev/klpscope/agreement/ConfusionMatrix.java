package dev.klpscope.agreement;

import java.util.List;

/** Recorded outcome × predicted severity, counted per kernel, as the Markdown table docs/checks.md shows. */
public final class ConfusionMatrix {

    private ConfusionMatrix() {
    }

    /** A table for one kernel's load recordings; {@code columns} are the predictions shown, in order. */
    public static String markdown(String title, List<Judged> rows, List<String> columns) {
        return markdown(title, rows, KernelOutcome.AT_LOAD, columns);
    }

    /** A table with a row for each of {@code outcomes} and a column for each of {@code columns}, in order. */
    public static String markdown(String title, List<Judged> rows, List<KernelOutcome> outcomes, List<String> columns) {
        StringBuilder b = new StringBuilder(title).append(" (").append(rows.size()).append(" rows, ")
                .append(rows.stream().filter(Judged::agrees).count()).append(" agree)\n\n");
        b.append("| recorded \\ predicted |");
        columns.forEach(c -> b.append(' ').append(c).append(" |"));
        b.append("\n|---|");
        columns.forEach(c -> b.append("---|"));
        b.append('\n');
        for (KernelOutcome o : outcomes) {
            b.append("| ").append(o.words()).append(" |");
            for (String c : columns) {
                long n = rows.stream().filter(r -> r.recorded() == o && r.predicted().equals(c)).count();
                b.append(' ').append(n == 0 ? "" : Long.toString(n)).append(" |");
            }
            b.append('\n');
        }
        for (Judged r : rows) {
            if (!columns.contains(r.predicted()) || !outcomes.contains(r.recorded())) {
                throw new AssertionError("prediction or outcome outside the table: " + r);
            }
        }
        return b.toString();
    }
}
