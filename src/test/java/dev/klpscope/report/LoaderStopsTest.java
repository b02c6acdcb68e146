package dev.klpscope.report;

import dev.klpscope.SampleFiles;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.SignatureSettings;
import dev.klpscope.load.CheckRequest;
import dev.klpscope.load.Loading;
import dev.klpscope.load.Progress;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A candidate's refusals after the one the loader stops at: their kernel lines are never printed. 6.1's seed_lp1
 * after 6.12's foo (sample {@code this-module-size}, samples/README.md): the kernel printed only ".gnu.linkonce.this_module
 * section size must match …" (recorded 4/4 on 6.12 and 7.3), though 6.12's foo also disagrees about module_layout
 * and 7.3's about vermagic. Debian's 6.1.0-47 sch_codel under debian_lp: module_layout is the first refusal, and the
 * kernel printed it (LoaderOrderTest).
 */
class LoaderStopsTest {

    private static final Path PATCH = SampleFiles.path("seed/seed_lp1.ko");
    private static final String LAYOUT_LINE = "seed_lp1: disagrees about version of symbol module_layout";
    private static final String SIZE_LINE = "module seed_lp1: .gnu.linkonce.this_module section size must match the "
            + "kernel's built struct module size at run time";

    private static Inspection seedOnNewerKernels() {
        return Loading.inspect(PATCH, List.of(SampleFiles.path("kernels/6.12/seed/v1/foo.ko"),
                SampleFiles.path("kernels/7.3/seed/v1/foo.ko")), List.of(SampleFiles.path("seed/v1/foo.ko")));
    }

    @Test
    void theTextSaysWhichKernelLinesAnEarlierRefusalKeepsFromBeingPrinted() {
        String text = Reports.render(seedOnNewerKernels(), ReportFormat.TEXT);
        assertTrue(text.contains("kernel: \"" + SIZE_LINE + "\"\n"), text);
        assertTrue(text.contains("kernel: not printed: the loader refuses the patch at this-module-size first (above); "
                + "without that: \"" + LAYOUT_LINE + "\"\n"), text);
        assertFalse(text.contains("kernel: \"" + LAYOUT_LINE), text);
        assertTrue(text.contains("kernel: not printed: the loader refuses the patch at this-module-size first (above); "
                + "without that: \"seed_lp1: version magic '6.1.0-57-amd64"), "7.3's vermagic\n" + text);
    }

    @Test
    void markdownAndHtmlSayItToo() {
        Inspection in = seedOnNewerKernels();
        String md = Reports.render(in, ReportFormat.MARKDOWN);
        assertTrue(md.contains("  - kernel: not printed: the loader refuses the patch at this-module-size first (above); "
                + "without that: `" + LAYOUT_LINE + "`\n"), md);
        assertTrue(md.contains("  - kernel: `" + SIZE_LINE + "`\n"), md);
        String html = Reports.render(in, ReportFormat.HTML);
        assertTrue(html.contains("kernel: not printed: the loader refuses the patch at this-module-size first (above); "
                + "without that: &quot;" + LAYOUT_LINE + "&quot;"), html);
    }

    /**
     * {@code module_sig_check()} comes first of all (6.1 {@code load_module()}): with {@code --sig-enforce} the
     * unsigned Debian patch on 6.1.0-47 (its -dbg vmlinux, when cached, says the kernel's module_layout CRC) is refused
     * by its signature, so the module_layout line, which it would print otherwise, is not printed.
     */
    @Test
    void anEnforcedSignatureStopsTheLoaderBeforeModuleLayout() {
        Path vmlinux = Path.of("/var/cache/klpscope/dbg/6.1.0-47/vmlinux");
        Assumptions.assumeTrue(Files.isRegularFile(vmlinux), "Debian -dbg vmlinux 6.1.0-47 not cached");
        CheckRequest request = CheckRequest.of(SampleFiles.path("debian/debian_lp.ko"),
                List.of(SampleFiles.path("debian/v47/sch_codel.ko"), vmlinux), List.of());
        String text = Reports.render(Loading.inspect(request.withSignatures(new SignatureSettings(true, false)),
                Progress.NONE), ReportFormat.TEXT);
        assertTrue(text.contains("kernel: \"Loading of unsigned module is rejected\"\n"), text);
        assertTrue(text.contains("kernel: not printed: the loader refuses the patch at signature-trust first (above); "
                + "without that: \"debian_lp: disagrees about version of symbol module_layout\"\n"), text);
        assertFalse(text.contains("kernel: \"debian_lp: disagrees about version of symbol module_layout"), text);
    }

    @Test
    void aFirstRefusalKeepsItsKernelLine() {
        Inspection in = Loading.inspect(SampleFiles.path("debian/debian_lp.ko"),
                List.of(SampleFiles.path("debian/v47/sch_codel.ko")), List.of());
        String text = Reports.render(in, ReportFormat.TEXT);
        assertTrue(text.contains("kernel: \"debian_lp: disagrees about version of symbol module_layout\"\n"), text);
        assertFalse(text.contains("not printed"), text);
    }
}
