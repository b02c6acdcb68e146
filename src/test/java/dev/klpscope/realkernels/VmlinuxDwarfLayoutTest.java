package dev.klpscope.realkernels;

import dev.klpscope.SampleFiles;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.load.Loading;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code var-layout} from DWARF on Debian's own -dbg vmlinux: {@code platform_bus} (drivers/base/platform.c,
 * {@code struct device}, in {@code .data}) is no per-CPU variable, so no BTF has a {@code VAR} for it; its type comes
 * from the DWARF variable at its address. Between 6.1.0-47 and 6.1.0-50 a stable backport added
 * {@code struct device.flags} (docs/real-kernels.md). The patch is derived from the real vmlinux sample's: its
 * {@code .klp.sym.vmlinux.core_pattern,0} renamed in place to {@code .klp.sym.vmlinux.platform_bus,0} (a derived
 * input: no sample patch reads platform_bus). Runs where the cache has both -dbg vmlinux files.
 */
class VmlinuxDwarfLayoutTest {

    static final Path V47 = VmlinuxTypesTest.CACHE.resolve("dbg/6.1.0-47/vmlinux");
    static final Path V50 = VmlinuxTypesTest.CACHE.resolve("dbg/6.1.0-50/vmlinux");

    @Test
    void platformBusGainedAMemberBetween47And50(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(V47) && Files.isRegularFile(V50), "no -dbg vmlinux of 6.1.0-47 and -50 in the cache");
        byte[] patch = VmlinuxTypesTest.renamed(Files.readAllBytes(SampleFiles.path("vmlinux/vmlinux_lp.ko")),
                ".klp.sym.vmlinux.core_pattern,0", ".klp.sym.vmlinux.platform_bus,0");
        Path lp = Files.write(dir.resolve("vmlinux_lp.ko"), patch);
        Inspection in = Loading.inspect(lp, List.of(V47, V50), List.of(V47));
        List<Finding> on50 = VmlinuxTypesTest.findings(in, "platform_bus", V50).stream()
                .filter(f -> f.check().equals("var-layout")).toList();
        assertEquals(1, on50.size(), on50.toString());
        assertEquals(Severity.SILENT, on50.get(0).severity());
        String m = on50.get(0).message();
        assertTrue(m.startsWith("variable 'platform_bus' (struct device) has another layout here than in the baseline"), m);
        assertTrue(m.endsWith("size 744 → 752 bytes; new member `flags` at 0x2e8 (long unsigned int[1])"), m);
        assertTrue(m.contains(V47 + " .debug_info (drivers/base/platform.c)") && m.contains(V50 + " .debug_info (drivers/base/platform.c)"),
                "each layout from its own build's DWARF, the unit named: " + m);
        assertTrue(VmlinuxTypesTest.findings(in, "platform_bus", V47).stream().noneMatch(f -> f.check().equals("var-layout")),
                "the baseline is not compared with itself");
    }
}
