package dev.klpscope.report;

import dev.klpscope.load.Loading;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A patch that crashes the kernel: the HTML shows that before an all-ok candidates table, as the Markdown does. */
class HtmlPatchFindingsTest {

    @Test
    void aCrashingPatchsOwnFindingsComeBeforeTheCandidatesAndSetTheHeadline() {
        Inspection in = Loading.inspect(TestSamples.file("broken/klp-reloc-offset.ko"),
                List.of(TestSamples.file("seed/v1/foo.ko")), List.of());
        Finding worst = Ordering.findingsWorstFirst(in.patch().findings()).get(0);
        assertTrue(worst.severity().atLeast(Severity.REFUSED), "the sample's own finding: " + in.patch().findings());
        String html = HtmlReport.render(in);
        int patchFinding = html.indexOf(HtmlReport.esc(worst.message()));
        int candidates = html.indexOf("<h2 id=\"candidates\">");
        assertTrue(patchFinding >= 0 && candidates >= 0, html);
        assertTrue(patchFinding < candidates, "the patch's finding must come before the candidates table");
        String label = SeverityStyle.of(worst.severity()).label();
        int summary = html.indexOf("<h2 id=\"summary\">");
        int worstLine = html.indexOf("Worst: " + HtmlReport.esc(label), summary);
        assertTrue(worstLine > summary && worstLine < patchFinding, "the summary states the worst first: " + label);
        assertFalse(html.substring(0, html.indexOf("</h1>")).contains(SeverityStyle.of(Severity.OK).label()),
                "the headline badge is not ok");
    }
}
