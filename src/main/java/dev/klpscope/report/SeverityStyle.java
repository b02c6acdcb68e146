package dev.klpscope.report;

import dev.klpscope.check.Severity;

/**
 * How a severity looks in every format: a glyph and a word as well as a colour, so that colour is never the
 * only signal (colour-blind reviewers, monochrome terminals, pasted text).
 */
public enum SeverityStyle {
    CRASH(Severity.CRASH, "☠", "#7a0019"),
    REFUSED(Severity.REFUSED, "✖", "#c62828"),
    SILENT(Severity.SILENT, "◆", "#ad1457"),
    RISK(Severity.RISK, "▲", "#e65100"),
    WARN(Severity.WARN, "!", "#8d6e00"),
    INFO(Severity.INFO, "i", "#1565c0"),
    OK(Severity.OK, "✓", "#2e7d32");

    private final Severity severity;
    private final String glyph;
    private final String colour;

    SeverityStyle(Severity severity, String glyph, String colour) {
        this.severity = severity;
        this.glyph = glyph;
        this.colour = colour;
    }

    public static SeverityStyle of(Severity severity) {
        for (SeverityStyle s : values()) {
            if (s.severity == severity) {
                return s;
            }
        }
        throw new IllegalArgumentException(severity.name());
    }

    public String glyph() {
        return glyph;
    }

    public String colour() {
        return colour;
    }

    public String word() {
        return severity.word();
    }

    /** Glyph and word, e.g. {@code ✖ refused}. */
    public String label() {
        return glyph + " " + severity.word();
    }
}
