package dev.klpscope.report;

import java.util.Locale;

/** The formats every report can be rendered in; all come from the same {@link dev.klpscope.check.Inspection}. */
public enum ReportFormat {
    TEXT("text", "txt"),
    MARKDOWN("markdown", "md"),
    HTML("html", "html"),
    JSON("json", "json");

    private final String word;
    private final String extension;

    ReportFormat(String word, String extension) {
        this.word = word;
        this.extension = extension;
    }

    /** The lower-case name used on the command line. */
    public String word() {
        return word;
    }

    /** The usual file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    public static ReportFormat fromWord(String word) {
        for (ReportFormat f : values()) {
            if (f.word.equals(word.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown report format '" + word + "' (text, markdown, html or json)");
    }
}
