package dev.klpscope.report;

import dev.klpscope.SampleFiles;
import dev.klpscope.check.Inspection;
import dev.klpscope.load.Loading;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel-builds matrix in Markdown at review scale, on seed_lp1 against its foo built for 6.1.0-57 (the
 * baseline), 6.12.95+deb12 and 7.3.4+deb13 (samples/README.md, "Newer kernels"): after the breaking table, only rows
 * with a cell that is not ok shown, the all-ok ones folded. foo itself is refused on 6.12/7.3 (struct module size),
 * foo:a,0 is risk there (patched-func-changed), foo:c,0 is ok everywhere (BuildMatrixTest).
 */
class MarkdownBuildMatrixTest {

    private static Inspection threeKernels() {
        Path baseline = SampleFiles.path("seed/v1/foo.ko");
        return Loading.inspect(SampleFiles.path("seed/seed_lp1.ko"), List.of(baseline,
                SampleFiles.path("kernels/6.12/seed/v1/foo.ko"), SampleFiles.path("kernels/7.3/seed/v1/foo.ko")), List.of(baseline));
    }

    private static String markdown() {
        return Reports.render(threeKernels(), ReportFormat.MARKDOWN);
    }

    @Test
    void theMatrixComesAfterTheBreakingTableAndItsFindings() {
        String md = markdown();
        int breaking = md.indexOf("### Patch file and targets with findings");
        int findings = md.indexOf("- ▲&nbsp;risk `patched-func-changed`");
        int matrix = md.indexOf("### Kernel builds (");
        assertTrue(breaking >= 0 && findings > breaking && matrix > findings, md);
    }

    @Test
    void onlyRowsWithACellThatIsNotOkAreShownTheRestFolded() {
        String md = markdown();
        String matrix = md.substring(md.indexOf("### Kernel builds ("));
        int folded = matrix.indexOf("<details><summary>1 row ok on every kernel build</summary>");
        int end = matrix.indexOf("</details>");
        assertTrue(folded > 0 && end > folded, matrix);
        String shown = matrix.substring(0, folded);
        assertTrue(shown.contains("| `foo (the object itself)` | ✓&nbsp;ok | ✖&nbsp;refused |"), shown);
        assertTrue(shown.contains("| `foo:a,0` | ✓&nbsp;ok | ▲&nbsp;risk |"), shown);
        assertTrue(!shown.contains("`foo:c,0`"), "the all-ok row is not shown unfolded\n" + shown);
        String inside = matrix.substring(folded, end);
        assertTrue(inside.contains("| `foo:c,0` | ✓&nbsp;ok | ✓&nbsp;ok |"), inside);
        assertTrue(inside.contains("| Target | `6.1.0-57` | `6.12.95+deb12 … 7.3.4+deb13` |"), "the folded table has its header\n" + inside);
    }

    @Test
    void aCutAtTheCapKeepsTheWholeBreakingTable() {
        String whole = markdown();
        int row = whole.indexOf("| patch file `seed_lp1.ko` |");
        assertTrue(row > whole.indexOf("### Patch file and targets with findings"), whole);
        int tableEnd = whole.indexOf("\n\n", row); // the breaking table's last row
        // room for the breaking table and its findings, not for the matrix
        int cap = whole.indexOf("### Kernel builds (") + 200;
        String cut = MarkdownReport.render(threeKernels(), cap);
        assertTrue(cut.contains("Cut to fit a review comment"), cut);
        assertTrue(cut.startsWith(whole.substring(0, tableEnd)), cut);
    }
}
