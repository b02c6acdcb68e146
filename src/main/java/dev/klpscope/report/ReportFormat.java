package dev.klpscope.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The formats every report can be rendered in; all come from the same {@link dev.klpscope.check.Inspection}. */
public enum ReportFormat {
    TEXT("text", "txt"),
    MARKDOWN("markdown", "md"),
    HTML("html", "html"),
    JSON("json", "json"),
    /** One line per finding at or above {@code info}, for grep and CI logs. */
    BRIEF("brief", "txt"),
    /** GitHub Actions annotations ({@code ::error title=…::message}), one per finding at or above {@code info}. */
    GITHUB("github", "txt"),
    /** JUnit XML: a test case per target × candidate, failing at or above {@code --fail-on}. */
    JUNIT("junit", "xml"),
    /**
     * The review image (PNG bytes, not text): drawn by {@link dev.klpscope.report.image.ReviewImage}, never by
     * {@link Reports#render}, which is for the text formats.
     */
    PNG("png", "png");

    private final String word;
    private final String extension;

    ReportFormat(String word, String extension) {
        this.word = word;
        this.extension = extension;
    }

    /** Bytes that are not text: never printed to a terminal, never returned by {@link Reports#render}. */
    public boolean isImage() {
        return this == PNG;
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
        throw new IllegalArgumentException("unknown report format '" + word + "' (" + choices() + ")");
    }

    /** Every format's word, for messages: {@code text, markdown, … or brief}. */
    public static String choices() {
        List<String> words = Arrays.stream(values()).map(ReportFormat::word).toList();
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }
}
