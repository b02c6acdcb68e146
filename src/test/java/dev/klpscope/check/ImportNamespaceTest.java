package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Section;
import dev.klpscope.load.Loading;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.Versions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * import-namespace: namespaces read from Debian's own builds (cached, not committed), and a patch derived from a
 * real build that imports a namespaced export without {@code import_ns=}. No committed sample imports a namespaced
 * symbol, so the refusal is expected from the kernel source (verify_namespace_is_imported(), 6.1 and 6.12
 * kernel/module/main.c; Debian's configs leave CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS unset), not recorded.
 */
class ImportNamespaceTest {

    private static final Path V57 = Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");
    private static final Path V612 = Path.of("/var/cache/klpscope/vmlinux-6.12.95+deb12-amd64");
    private static final Path USB_STORAGE = Path.of(
            "/var/cache/klpscope/modules/6.1.0-57/lib/modules/6.1.0-57-amd64/kernel/drivers/usb/storage/usb-storage.ko");

    private static Versions versions(Path p) {
        Assumptions.assumeTrue(Files.isRegularFile(p), p + " not in the cache");
        return KernelObjectReader.read(p).versions();
    }

    /**
     * readelf -s shows {@code __kstrtabns_dma_buf_get} in {@code __ksymtab_strings}; the string there is "DMA_BUF"
     * (drivers/dma-buf/dma-buf.c: EXPORT_SYMBOL_NS_GPL(dma_buf_get, DMA_BUF)); {@code _printk} is in none.
     */
    @Test
    void namespacesOfDebian61VmlinuxExports() {
        Versions v = versions(V57);
        assertEquals(Optional.of("DMA_BUF"), v.exportNamespace("dma_buf_get"));
        assertEquals(Optional.of("CRYPTO_INTERNAL"), v.exportNamespace("crypto_cipher_setkey"));
        assertEquals(Optional.of("CXL"), v.exportNamespace("cxl_bus_type"));
        assertTrue(v.exportsSymbol("_printk"));
        assertEquals(Optional.empty(), v.exportNamespace("_printk"));
        // python over readelf -s and the section bytes: 106 exports of 6.1.0-57's vmlinux are in a namespace
        assertEquals(106, v.namespaces().size());
    }

    /** 6.12 emits the same label from include/linux/export-internal.h (modpost's KSYMTAB_FUNC). */
    @Test
    void namespacesOfDebian612VmlinuxExports() {
        Versions v = versions(V612);
        assertEquals(Optional.of("DMA_BUF"), v.exportNamespace("dma_buf_get"));
        assertEquals(Optional.empty(), v.exportNamespace("_printk"));
    }

    /** A module (ET_REL): drivers/usb/storage exports in USB_STORAGE. */
    @Test
    void namespacesOfADebianModulesExports() {
        Versions v = versions(USB_STORAGE);
        assertEquals(Optional.of("USB_STORAGE"), v.exportNamespace("usb_stor_probe1"));
    }

    /** The committed reduced vmlinux has no {@code __ksymtab_strings} bytes: namespaces are unknown, not "none". */
    @Test
    void aReducedVmlinuxKnowsNoNamespace() {
        Versions v = KernelObjectReader.read(SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz")).versions();
        assertTrue(v.exportsSymbol("dma_buf_get"));
        assertEquals(Optional.empty(), v.exportNamespace("dma_buf_get"));
    }

    /**
     * Derived from ftrace_lp (built by kbuild for 6.1.0-57): its import {@code __x86_return_thunk} renamed in
     * {@code .strtab} to {@code dma_buf_fd_install} (same length; 6.1.0-57's vmlinux exports it in DMA_BUF), its
     * {@code __versions} left alone (so no CRC for the new name: the kernel only warns "no symbol version").
     * ftrace_lp has no {@code import_ns=}.
     */
    @Test
    void aNamespacedImportWithoutImportNsIsRefused(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(V57), "no -dbg vmlinux in the cache");
        Path original = SampleFiles.path("ftrace/ftrace_lp.ko");
        byte[] bytes = Files.readAllBytes(original);
        Section strtab = ElfImage.open(original).section(".strtab").orElseThrow();
        byte[] from = "\0__x86_return_thunk\0".getBytes(StandardCharsets.US_ASCII);
        byte[] to = "\0dma_buf_fd_install\0".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, from, (int) strtab.offset(), (int) (strtab.offset() + strtab.size()));
        assertTrue(at > 0, "__x86_return_thunk in .strtab");
        System.arraycopy(to, 0, bytes, at, to.length);
        Path patch = dir.resolve("ftrace_lp.ko");
        Files.write(patch, bytes);

        List<Finding> ns = findings(Loading.inspect(patch, List.of(V57), List.of()), "import-namespace");
        assertEquals(List.of("ftrace_lp: module uses symbol (dma_buf_fd_install) from namespace DMA_BUF, but does not import it."),
                ns.stream().map(f -> f.kernelMessage().orElseThrow()).toList());
        assertEquals(Severity.REFUSED, ns.get(0).severity());
        assertEquals(List.of(), findings(Loading.inspect(original, List.of(V57), List.of()), "import-namespace"), "the original");
    }

    private static List<Finding> findings(Inspection in, String check) {
        return in.targets().stream().flatMap(t -> t.verdicts().stream()).flatMap(x -> x.findings().stream())
                .filter(f -> f.check().equals(check)).toList();
    }

    private static int indexOf(byte[] hay, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
