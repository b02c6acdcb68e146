package dev.klpscope.realkernels;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code var-layout} and {@code func-prototype} on Debian's own vmlinux. {@code var-layout}: between 6.1.0-53 and 6.1.0-57 the per-CPU {@code rcu_data} replaced its
 * {@code bool defer_qs_iw_pending} at 0x50 by {@code int defer_qs_pending}, same struct size (docs/real-kernels.md,
 * scripts/layout-survey.sh). The patch is derived from the real vmlinux sample's: its
 * {@code .klp.sym.vmlinux.core_pattern,0} renamed in place to {@code .klp.sym.vmlinux.rcu_data,0} (a derived input:
 * no sample patch reads rcu_data). {@code func-prototype}: {@code copy_vma} gained a {@code bool keep_source} and
 * {@code pci_match_device} a {@code struct pci_device_id *id_copy} between the two (stable backports). Runs where the
 * cache has both -dbg vmlinux files.
 */
class VmlinuxTypesTest {

    static final Path CACHE = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"));

    static final Path V53 = CACHE.resolve("dbg/6.1.0-53/vmlinux");
    static final Path V57 = CACHE.resolve("dbg/6.1.0-57/vmlinux");

    /** {@code from} as a whole string replaced in place by the no longer {@code to} ({@link dev.klpscope.DerivedInputs}). */
    static byte[] renamed(byte[] in, String from, String to) {
        return dev.klpscope.DerivedInputs.renamed(in, from, to);
    }

    @Test
    void rcuDataChangedAtTheSameSizeBetween53And57(@TempDir Path dir) throws Exception {
        Path v53 = V53;
        Path v57 = V57;
        Assumptions.assumeTrue(Files.isRegularFile(v53) && Files.isRegularFile(v57), "no -dbg vmlinux of 6.1.0-53 and -57 in the cache");
        byte[] patch = renamed(Files.readAllBytes(SampleFiles.path("vmlinux/vmlinux_lp.ko")),
                ".klp.sym.vmlinux.core_pattern,0", ".klp.sym.vmlinux.rcu_data,0");
        Path lp = Files.write(dir.resolve("vmlinux_lp.ko"), patch);
        Inspection in = Loading.inspect(lp, List.of(v53, v57), List.of(v53));
        Target rcu = in.targets().stream().filter(t -> t.symbol().equals("rcu_data")).findFirst().orElseThrow();
        List<Finding> on57 = rcu.verdictFor(v57.toString()).orElseThrow().findings().stream()
                .filter(f -> f.check().equals("var-layout")).toList();
        assertEquals(1, on57.size(), on57.toString());
        assertEquals(Severity.SILENT, on57.get(0).severity());
        assertTrue(on57.get(0).message().contains("new member `defer_qs_pending` at 0x50 (int); member `defer_qs_iw_pending` "
                + "(bool at 0x50) removed"), on57.get(0).message());
        assertTrue(rcu.verdictFor(v57.toString()).orElseThrow().findings().stream()
                .noneMatch(f -> f.check().equals("var-size-section")), "same size, same section: only the layout tells");
        assertTrue(rcu.verdictFor(v53.toString()).orElseThrow().findings().stream().noneMatch(f -> f.check().equals("var-layout")));
    }

    /**
     * The patch derived again: it replaces {@code pci_match_device} (its {@code klp_func.old_name} string renamed from
     * {@code cmdline_proc_show}) and refers to {@code copy_vma} (the {@code core_pattern} klp symbol renamed): on 57
     * the first is {@code risk}, the second {@code silent}, each naming the parameter that came.
     */
    @Test
    void prototypesChangedBetween53And57(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(V53) && Files.isRegularFile(V57), "no -dbg vmlinux of 6.1.0-53 and -57 in the cache");
        byte[] patch = renamed(renamed(Files.readAllBytes(SampleFiles.path("vmlinux/vmlinux_lp.ko")),
                "cmdline_proc_show", "pci_match_device"), ".klp.sym.vmlinux.core_pattern,0", ".klp.sym.vmlinux.copy_vma,0");
        Path lp = Files.write(dir.resolve("vmlinux_lp.ko"), patch);
        Inspection in = Loading.inspect(lp, List.of(V53, V57), List.of(V53));
        Finding replaced = prototype(in, "pci_match_device", V57);
        assertEquals(Severity.RISK, replaced.severity());
        assertTrue(replaced.message().contains("(struct pci_driver *drv, struct pci_dev *dev) there, const struct pci_device_id * "
                + "(struct pci_driver *drv, struct pci_dev *dev, struct pci_device_id *id_copy) here"), replaced.message());
        Finding called = prototype(in, "copy_vma", V57);
        assertEquals(Severity.SILENT, called.severity());
        assertTrue(called.message().endsWith("bool *need_rmap_locks, bool keep_source) here"), called.message());
        for (String f : List.of("pci_match_device", "copy_vma")) {
            assertTrue(findings(in, f, V53).stream().noneMatch(x -> x.check().equals("func-prototype")), f);
        }
    }

    static List<Finding> findings(Inspection in, String symbol, Path candidate) {
        return in.targets().stream().filter(t -> t.symbol().equals(symbol)).findFirst().orElseThrow()
                .verdictFor(candidate.toString()).orElseThrow().findings();
    }

    static Finding prototype(Inspection in, String symbol, Path candidate) {
        List<Finding> found = findings(in, symbol, candidate).stream().filter(f -> f.check().equals("func-prototype")).toList();
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }
}
