package dev.klpscope.ui.view;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.report.CandidateLabels;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;

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

    /** A header label carrying the tooltip (a table column has none of its own). */
    static Label graphic(String title, Optional<CandidateInfo> c) {
        Label l = new Label(title);
        c.ifPresent(x -> l.setTooltip(new Tooltip(tooltip(x))));
        return l;
    }
}
