package dev.klpscope.ui.theme;

import dev.klpscope.check.Severity;
import dev.klpscope.check.TargetKind;

import java.util.Locale;

/** Every style class the window uses, named once (as atlantafx's {@code Styles}); the stylesheet is {@code app.css}. */
public final class Styles {

    public static final String APP = "klp-app";
    /** atlantafx's compact tables (its own constant, so that views import one {@code Styles}). */
    public static final String DENSE = atlantafx.base.theme.Styles.DENSE;
    public static final String VERDICT = "verdict";
    public static final String KIND = "kind";
    public static final String OBJECT_ROW = "object-row";
    public static final String GROUP_ROW = "group-row";
    public static final String SITE_ROW = "site-row";
    public static final String MUTED = "muted";
    public static final String TITLE = "klp-title";
    public static final String SUBTITLE = "klp-subtitle";
    public static final String CARD = "klp-card";
    public static final String CARD_HEADER = "klp-card-header";
    public static final String CARD_HEAD = "klp-card-head";
    public static final String CARD_SECTION = "klp-card-section";
    public static final String FINDING = "klp-finding";
    public static final String KERNEL_LINE = "kernel-line";
    public static final String WHY = "why";
    public static final String PROBLEM_BANNER = "problem-banner";
    public static final String SUMMARY_BAR = "summary-bar";
    public static final String REVIEW = "review";
    public static final String REVIEW_GRID = "review-grid";
    public static final String REVIEW_HEADER_CELL = "review-header-cell";
    public static final String BASELINE = "baseline";
    public static final String DROP_TARGET = "drop-target";
    public static final String PATCH_FINDINGS = "patch-findings";
    public static final String PATCH_FINDING = "patch-finding";
    public static final String PATCH_ROW = "patch-row";
    public static final String CANDIDATE_COLUMN = "candidate-column";
    public static final String FILTER_NOTE = "filter-note";
    /** The details' type panel: a variable's layout or a function's prototype, reference beside candidate. */
    public static final String TYPE_PANEL = "klp-type-panel";
    public static final String TYPE_GRID = "type-grid";
    /** Offsets and sizes (monospaced, so that they line up), and types and names. */
    public static final String TYPE_NUMBER = "type-number";
    public static final String TYPE_TEXT = "type-text";
    /** What changed about a row, in words. */
    public static final String TYPE_MARK = "type-mark";
    /** A changed row's cells, with {@link #severity} giving the colour. */
    public static final String TYPE_CHANGED = "type-changed";
    /** A run of unchanged rows folded into their count. */
    public static final String TYPE_FOLDED = "type-folded";

    private Styles() {
    }

    /** {@code severity-refused}: colours the word and the cell; the icon and the word carry the meaning too. */
    public static String severity(Severity s) {
        return "severity-" + s.word();
    }

    public static String kind(TargetKind k) {
        return "kind-" + k.word().toLowerCase(Locale.ROOT);
    }
}
