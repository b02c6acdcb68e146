package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.SampleFiles.KernelVerdict;
import dev.klpscope.load.Loading;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's own refusal lines for the importgpl and importns samples, recorded under QEMU on 6.1.0-57 and
 * 6.12.95 (kernel-verdicts.tsv; their outcomes are held by {@link KernelAgreementTest}), against the kernel messages
 * klpscope predicts for them, line for line.
 * <ul>
 * <li>importgpl_mit (license=MIT): set_license() taints the kernel proprietary, and resolve_symbol() then finds no
 * GPL-only export for the module ({@code fsa.gplok} false, find_exported_symbol_in_section(),
 * kernel/module/main.c): simplify_symbols() prints "Unknown symbol ... (err -2)" for each, klp_enable_patch
 * (vmlinux) and foo_scale (foo) alike. klpscope sees the first against the vmlinux candidate and the second
 * against foo.</li>
 * <li>importns_lp on foo v2 (foo_scale in namespace KLPS_FOO, no import_ns=): verify_namespace_is_imported()'s
 * line, then simplify_symbols()'s "Unknown symbol foo_scale (err -22)" for the same import.</li>
 * </ul>
 */
class ImportRecordingsTest {

    private static final Map<String, String> VMLINUX = Map.of(
            "6.1", "vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz",
            "6.12", "kernels/6.12/vmlinux/vmlinux-6.12.95+deb12-amd64.symtab.xz");

    private static String prefix(String kernel) {
        return kernel.equals("6.1") ? "" : "kernels/" + kernel + "/";
    }

    private static Path tsv(String kernel) {
        return SampleFiles.kernelRecordings().get(kernel);
    }

    private static KernelVerdict row(String kernel, String patch, String candidate, String order) {
        return SampleFiles.kernelVerdicts(tsv(kernel)).stream()
                .filter(r -> r.patch().equals(prefix(kernel) + patch) && r.candidate().equals(prefix(kernel) + candidate)
                        && r.order().equals(order))
                .findFirst().orElseThrow(() -> new AssertionError("no recorded row " + kernel + " " + patch + " " + order));
    }

    private static List<String> lines(KernelVerdict k) {
        return Arrays.asList(k.message().split(" \\| "));
    }

    private static List<String> predicted(Inspection in, String check) {
        return in.targets().stream().flatMap(t -> t.verdicts().stream()).flatMap(v -> v.findings().stream())
                .filter(f -> f.check().equals(check)).map(f -> f.kernelMessage().orElseThrow()).toList();
    }

    @Test
    void aGplOnlyImportOfALicenseMitPatchIsRefusedWithTheKernelsLines() {
        for (String kernel : VMLINUX.keySet()) {
            Inspection in = Loading.inspect(SampleFiles.path(prefix(kernel) + "importgpl/importgpl_mit.ko"),
                    List.of(SampleFiles.path(prefix(kernel) + "importgpl/v1/foo.ko"), SampleFiles.path(VMLINUX.get(kernel))),
                    List.of());
            Set<String> expected = Set.copyOf(predicted(in, "import-gpl"));
            assertEquals(Set.of("importgpl_mit: Unknown symbol foo_scale (err -2)",
                    "importgpl_mit: Unknown symbol klp_enable_patch (err -2)"), expected, kernel);
            for (String order : List.of("target-first", "patch-first")) {
                KernelVerdict k = row(kernel, "importgpl/importgpl_mit.ko", "importgpl/v1/foo.ko", order);
                assertEquals("refused", k.outcome(), k.toString());
                Set<String> unknown = lines(k).stream().filter(l -> l.contains("Unknown symbol")).collect(Collectors.toSet());
                assertEquals(expected, unknown, kernel + " " + order);
                // set_license() says so only while the kernel is not yet tainted proprietary: the first row of the boot
                assertEquals(order.equals("target-first"),
                        lines(k).contains("importgpl_mit: module license 'MIT' taints kernel."), k.toString());
            }
        }
    }

    /** The same code under a GPL-compatible license loads (foo first): the license alone decides. */
    @Test
    void theSamePatchUnderAGplCompatibleLicenseIsNotRefused() {
        for (String kernel : VMLINUX.keySet()) {
            for (String patch : List.of("importgpl_lp", "importgpl_dual")) {
                Inspection in = Loading.inspect(SampleFiles.path(prefix(kernel) + "importgpl/" + patch + ".ko"),
                        List.of(SampleFiles.path(prefix(kernel) + "importgpl/v1/foo.ko"),
                                SampleFiles.path(VMLINUX.get(kernel))), List.of());
                assertEquals(List.of(), predicted(in, "import-gpl"), kernel + " " + patch);
                KernelVerdict k = row(kernel, "importgpl/" + patch + ".ko", "importgpl/v1/foo.ko", "target-first");
                assertEquals("loaded", k.outcome(), k.toString());
                assertEquals("answer=22 base=10", k.observed(), k.toString());
            }
        }
    }

    @Test
    void aNamespacedImportWithoutImportNsIsRefusedWithTheKernelsLine() {
        for (String kernel : VMLINUX.keySet()) {
            Path v1 = SampleFiles.path(prefix(kernel) + "importns/v1/foo.ko");
            Path v2 = SampleFiles.path(prefix(kernel) + "importns/v2/foo.ko");
            Inspection in = Loading.inspect(SampleFiles.path(prefix(kernel) + "importns/importns_lp.ko"),
                    List.of(v1, v2), List.of(v1));
            List<String> expected = predicted(in, "import-namespace");
            assertEquals(List.of("importns_lp: module uses symbol (foo_scale) from namespace KLPS_FOO, but does not import it."),
                    expected, kernel);
            KernelVerdict k = row(kernel, "importns/importns_lp.ko", "importns/v2/foo.ko", "target-first");
            assertEquals("refused", k.outcome(), k.toString());
            assertEquals(List.of(expected.get(0), "importns_lp: Unknown symbol foo_scale (err -22)"),
                    lines(k).stream().filter(l -> l.startsWith("importns_lp: ")).toList(), kernel);
            KernelVerdict baseline = row(kernel, "importns/importns_lp.ko", "importns/v1/foo.ko", "target-first");
            assertEquals("loaded", baseline.outcome(), baseline.toString());

            Inspection imported = Loading.inspect(SampleFiles.path(prefix(kernel) + "importns/importns_import.ko"),
                    List.of(v1, v2), List.of(v2));
            assertEquals(List.of(), predicted(imported, "import-namespace"), kernel + " with import_ns=KLPS_FOO");
            for (String candidate : List.of("importns/v1/foo.ko", "importns/v2/foo.ko")) {
                KernelVerdict ok = row(kernel, "importns/importns_import.ko", candidate, "target-first");
                assertEquals("loaded", ok.outcome(), ok.toString());
                assertFalse(ok.message().contains("namespace"), ok.toString());
            }
        }
    }
}
