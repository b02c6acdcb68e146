package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.module.DebugFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.klpscope.check.VariableLayoutDwarfTest.inspect;
import static dev.klpscope.check.VariableLayoutDwarfTest.layout;
import static dev.klpscope.check.VariableLayoutDwarfTest.objcopy;
import static dev.klpscope.check.VariableLayoutDwarfTest.unxz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code var-layout} on kbuild modules with DWARF 4: varlayout's foo v1 and v2 built for Debian's 6.1 as a kernel
 * configured with {@code CONFIG_DEBUG_INFO_DWARF4} builds them (samples/varlayout-dwarf4.sh:
 * samples/varlayout/dwarf4), against the patch of samples/varlayout/unstripped (DWARF 5, gcc 12's default), stripped
 * or not. v1 declares {@code struct foo_stats { unsigned long hits; unsigned long misses; }}, v2 the two swapped
 * (samples/src/varlayout), the patch v1's order.
 */
class VariableLayoutDwarf4Test {

    static final Path DWARF4 = SampleFiles.path("varlayout/dwarf4");
    static final String SWAPPED = "`misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8";

    /** {@code readelf --debug-dump=info}: the version of every unit of {@code ko}, one line each. */
    static List<String> unitVersions(Path ko) throws Exception {
        Process p = new ProcessBuilder("readelf", "--debug-dump=info", ko.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "readelf " + ko);
        return out.lines().map(String::strip).filter(l -> l.startsWith("Version:")).toList();
    }

    @Test
    void theBuildsCarryDwarf4Only(@TempDir Path dir) throws Exception {
        for (String v : List.of("v1", "v2")) {
            List<String> versions = unitVersions(unxz(DWARF4.resolve(v + "/foo.ko.xz"), dir, v + "/foo.ko"));
            assertTrue(!versions.isEmpty() && versions.stream().allMatch(l -> l.matches("Version:\\s+4")), v + ": " + versions);
        }
    }

    @Test
    void theStrippedPatchIsJudgedAgainstTheDwarf4Baseline(@TempDir Path dir) throws Exception {
        Path lp = objcopy("--strip-debug", unxz(VariableLayoutDwarfTest.DIR.resolve("varlayout_lp.ko.xz"), dir,
                "full/varlayout_lp.ko"), dir.resolve("varlayout_lp.ko"));
        Path v1 = unxz(DWARF4.resolve("v1/foo.ko.xz"), dir, "v1/foo.ko");
        Path v2 = unxz(DWARF4.resolve("v2/foo.ko.xz"), dir, "v2/foo.ko");
        Inspection in = inspect(lp, List.of(v1, v2), List.of(v1), DebugFiles.NONE);
        List<Finding> on2 = layout(in, v2);
        assertEquals(1, on2.size(), on2.toString());
        assertEquals(Severity.SILENT, on2.get(0).severity());
        assertTrue(on2.get(0).message().startsWith("variable 'foo_stats' (struct foo_stats) has another layout here than in "
                + "the baseline the patch was built against (layouts from " + v1 + " .debug_info ("), on2.get(0).message());
        assertTrue(on2.get(0).message().endsWith(SWAPPED), on2.get(0).message());
        assertEquals(List.of(), layout(in, v1), "the baseline itself");

        // no baseline given: the two tie, and which one is taken decides var-layout (BaselineStakesTest)
        Finding tie = BaselineStakesTest.tie(inspect(lp, List.of(v2, v1), List.of(), DebugFiles.NONE), v1);
        assertEquals(Severity.SILENT, tie.severity());
        assertTrue(tie.message().contains("var-layout on foo_stats,0 depends on the choice"), tie.message());
    }

    /** The patch's own DWARF 5 declaration against DWARF 4 builds, and the DWARF 5 build of v1 against its DWARF 4 twin. */
    @Test
    void dwarf4AndDwarf5LayoutsCompareAlike(@TempDir Path dir) throws Exception {
        Path lp = unxz(VariableLayoutDwarfTest.DIR.resolve("varlayout_lp.ko.xz"), dir, "varlayout_lp.ko");
        Path v1 = unxz(DWARF4.resolve("v1/foo.ko.xz"), dir, "v1/foo.ko");
        Path v2 = unxz(DWARF4.resolve("v2/foo.ko.xz"), dir, "v2/foo.ko");
        Inspection in = inspect(lp, List.of(v1, v2), List.of(), DebugFiles.NONE);
        assertEquals(List.of(), layout(in, v1), "v1's layout is the one the patch declares");
        List<Finding> on2 = layout(in, v2);
        assertEquals(1, on2.size(), on2.toString());
        assertTrue(on2.get(0).message().contains("than in the patch's own DWARF, the layout its code was compiled against")
                && on2.get(0).message().endsWith(SWAPPED), on2.get(0).message());

        Path stripped = objcopy("--strip-debug", lp, dir.resolve("varlayout_lp-stripped.ko"));
        Path v1dwarf5 = unxz(VariableLayoutDwarfTest.DIR.resolve("v1/foo.ko.xz"), dir, "v1-dwarf5/foo.ko");
        Inspection mixed = inspect(stripped, List.of(v1dwarf5, v1, v2), List.of(v1dwarf5), DebugFiles.NONE);
        assertEquals(List.of(), layout(mixed, v1), "the same source read from DWARF 4 and from DWARF 5");
        assertTrue(layout(mixed, v2).get(0).message().endsWith(SWAPPED), layout(mixed, v2).toString());
    }
}
