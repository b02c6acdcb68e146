package dev.klpscope.ui.view;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.report.CandidateLabels;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

import java.util.Optional;

/**
 * How the window titles a candidate (tree column, details card): its short label (the part of its path that differs
 * from the others'), a ★ on its object's baseline, and the full path with why it is the baseline in a tooltip.
 */
final class CandidateHeader {

    private CandidateHeader() {
    }

    static String title(String label, Optional<CandidateInfo> c) {
        return CandidateLabels.shown(label, c.filter(CandidateInfo::baseline).isPresent());
    }

    static String tooltip(CandidateInfo c) {
        return c.path() + (c.baseline() ? "\nbaseline of " + c.object() + " (" + c.baselineReason() + ")" : "");
    }

    /** Narrowest verdict column: a badge such as "refused" with its icon; four fit a 1024-pixel window. */
    static final double MIN_WIDTH = 110;
    /** The title label's and the column header's padding and the borders around the title, with a margin. */
    private static final double PADDING = 40;

    /**
     * A verdict column wide enough for its whole title (a label of up to {@link CandidateLabels#MAX_LENGTH}
     * characters and the baseline's ★, which a fixed width cut off), measured in {@code font}.
     */
    static double columnWidth(String title, Font font) {
        Text text = new Text(title);
        text.setFont(font);
        return Math.max(MIN_WIDTH, Math.ceil(text.getLayoutBounds().getWidth()) + PADDING);
    }

    /**
     * A verdict column titled {@code title}, as wide as the title in the header's font: measured once the theme's
     * style sheet has set the header label's font (and again if a theme changes it).
     */
    static void fitToTitle(TableColumnBase<?, ?> column, Label header) {
        Font bold = Font.font(Font.getDefault().getFamily(), FontWeight.BOLD, Font.getDefault().getSize());
        column.setPrefWidth(columnWidth(header.getText(), bold));
        header.fontProperty().addListener((o, a, font) -> column.setPrefWidth(columnWidth(header.getText(), font)));
    }

    /** A header label carrying the tooltip (a table column has none of its own). */
    static Label graphic(String title, Optional<CandidateInfo> c) {
        Label l = new Label(title);
        c.ifPresent(x -> l.setTooltip(new Tooltip(tooltip(x))));
        return l;
    }
}
