package dev.klpscope.report;

import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;

import java.util.Optional;

/** The one entry point: an inspection rendered in a format. Output is deterministic (no clock, no locale). */
public final class Reports {

    private Reports() {
    }

    /** A text format ({@link ReportFormat#isImage()} false). */
    public static String render(Inspection inspection, ReportFormat format) {
        return render(inspection, format, Optional.empty());
    }

    /** As above, with the command line's gate outcome for the reports that state it (JSON) or use it (JUnit). */
    public static String render(Inspection inspection, ReportFormat format, Optional<GateOutcome> gate) {
        return render(inspection, format, gate, Suppressions.NONE);
    }

    /** As above, marking the findings the gate does not count (JSON {@code findings[].suppressed}; in the others after the message). */
    public static String render(Inspection inspection, ReportFormat format, Optional<GateOutcome> gate,
                                Suppressions suppressions) {
        SuppressionMarks marks = SuppressionMarks.of(inspection, suppressions);
        return switch (format) {
            case TEXT -> TextReport.render(inspection, marks);
            case MARKDOWN -> MarkdownReport.render(inspection, MarkdownReport.MAX_CHARS, marks);
            case HTML -> HtmlReport.render(inspection, marks);
            case JSON -> JsonReport.render(inspection, gate, suppressions);
            case BRIEF -> BriefReport.render(inspection, marks);
            case GITHUB -> GithubAnnotations.render(inspection, marks);
            case JUNIT -> JunitReport.render(inspection, gate, marks);
            // report.image depends on this package, not the other way round: the caller draws the image.
            case PNG -> throw new IllegalArgumentException("png is an image: draw it with report.image.ReviewImage.png");
        };
    }

    /** The worst severity anywhere in the inspection, as every report states it (what {@code --fail-on} compares). */
    public static Severity worst(Inspection inspection) {
        return Ordering.overallWorst(inspection);
    }
}
