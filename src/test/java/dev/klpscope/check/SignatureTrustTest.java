package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.BuiltinKeys;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.load.CheckRequest;
import dev.klpscope.load.Loading;
import dev.klpscope.load.Progress;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code signature-trust} held against what Debian's 6.1.0-57 and 6.12.95 kernels did under QEMU with an unsigned
 * patch, the same patch signed by a throwaway key, and Debian's own signed sch_codel.ko, booted with
 * {@code module.sig_enforce=1}, with {@code lockdown=integrity} and with neither
 * ({@code samples/signature/signature-verdicts.tsv}, made by {@code record-signature.sh}). Every row is predicted
 * exactly: refused with the kernel's line, loaded with the taint line, or loaded trusted.
 */
class SignatureTrustTest {

    /** The built-in keys of each recorded kernel, from the objects assembled out of its vmlinux. */
    private static final Map<String, String> KEYS = Map.of(
            "6.1.0-57-amd64", "signature/system_certificates-6.1.0-57.o",
            "6.12.95+deb12-amd64", "signature/system_certificates-6.12.95+deb12.o");

    private static final Map<String, SignatureEnforcement> MODES = Map.of(
            "enforce", SignatureEnforcement.SIG_ENFORCE, "lockdown", SignatureEnforcement.LOCKDOWN,
            "default", SignatureEnforcement.NONE);

    /** Debian ships 6.12's modules compressed; the recording loaded the decompressed copy of this one. */
    private static final Path SCH_CODEL_612 = Path.of("/var/cache/klpscope/linux-image-6.12.95+deb12-amd64/lib/modules/"
            + "6.12.95+deb12-amd64/kernel/net/sched/sch_codel.ko.xz");

    record Row(String kernel, String mode, String module, int rc, String insmod, boolean loaded, List<String> messages) {
    }

    static List<Row> rows() throws Exception {
        List<Row> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(SampleFiles.path("signature/signature-verdicts.tsv"));
        assertEquals("kernel\tmode\tmodule\trc\tinsmod\tloaded\tkernel_message", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            out.add(new Row(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4], f[5].equals("yes"),
                    f[6].isEmpty() ? List.of() : Arrays.asList(f[6].split(" \\| "))));
        }
        return out;
    }

    private static Path module(String recorded) {
        return recorded.equals("debian/6.12/sch_codel.ko") ? SCH_CODEL_612 : SampleFiles.path(recorded);
    }

    @Test
    void everyRecordedRowIsPredictedExactly() throws Exception {
        List<Row> rows = rows();
        assertEquals(21, rows.size(), "3 modes x (4 modules on 6.1, 3 on 6.12)");
        int judged = 0;
        for (Row r : rows) {
            Path file = module(r.module());
            if (!Files.isRegularFile(file)) {
                continue;                                   // Debian's 6.12 module, when the package is not cached
            }
            KernelObject m = KernelObjectReader.read(file);
            BuiltinKeys keys = BuiltinKeys.of(ElfImage.open(SampleFiles.path(KEYS.get(r.kernel()))));
            Finding f = SignatureTrust.judge(m.image(), m.name(), keys, MODES.get(r.mode()), "this vmlinux").orElseThrow();
            String row = r.toString();
            // busybox's insmod tries finit_module, then init_module: a refusal is logged once per call, so twice
            List<String> said = r.messages().stream().distinct().toList();
            if (said.isEmpty()) {
                assertEquals(0, r.rc(), row);
                assertTrue(r.loaded(), row);
                assertInstanceOf(Finding.SignatureTrusted.class, f, row);
            } else if (said.get(0).startsWith("Loading of ")) {
                assertEquals(129, r.rc(), row + ": EKEYREJECTED");
                assertTrue(r.insmod().endsWith("Key was rejected by service"), row);
                assertEquals(Severity.REFUSED, f.severity(), row);
                assertEquals(said, f.kernelMessage().stream().toList(), row);
            } else if (said.get(0).startsWith("Lockdown: ")) {
                assertEquals(1, r.rc(), row + ": EPERM");
                assertTrue(r.insmod().endsWith("Operation not permitted"), row);
                assertEquals(Severity.REFUSED, f.severity(), row);
                assertEquals(said, f.kernelMessage().stream().toList(), row);
            } else if (r.loaded()) {
                assertEquals(0, r.rc(), row);
                assertEquals(Severity.INFO, f.severity(), row);
                assertEquals(said, f.kernelMessage().stream().toList(), row + ": the taint line, and nothing else");
            } else {
                // refused after the signature step (47's module on the 57 kernel, for its module_layout CRC): the
                // kernel prints the taint line only once the module is laid out, so the refusal hides it
                assertEquals(8, r.rc(), row + ": ENOEXEC");
                assertNotEquals(Severity.REFUSED, f.severity(), row);
                long own = m.versions().importedCrc("module_layout").orElseThrow();
                long kernel = KernelObjectReader.read(SampleFiles.path("debian/v57/sch_codel.ko")).versions()
                        .importedCrc("module_layout").orElseThrow();
                assertNotEquals(own, kernel, row);
                assertEquals(said, new Finding.ModuleLayoutMismatch(own, kernel, "", m.name()).kernelMessage().stream().toList(), row);
            }
            judged++;
        }
        assertTrue(judged >= 18, judged + " rows judged");
    }

    @Test
    void theBuildsOwnSettingIsReadFromTheVmlinux() {
        Path v57 = Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");
        Assumptions.assumeTrue(Files.isRegularFile(v57), "Debian -dbg vmlinux 6.1.0-57 not cached");
        // Debian: CONFIG_MODULE_SIG_FORCE is not set; signing.c's sig_enforce is in .bss
        assertFalse(SignatureTrust.builtForced(KernelObjectReader.read(v57)));
    }

    /**
     * The whole run with the -dbg vmlinux: each candidate of release 6.1.0-57 gets the finding, the vmlinux by its own
     * keys and sch_codel by the vmlinux of its kernel; {@code --sig-enforce} turns the taint into a refusal.
     */
    @Test
    void aRunWithTheDebugVmlinux() {
        Path v57 = Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");
        Assumptions.assumeTrue(Files.isRegularFile(v57), "Debian -dbg vmlinux 6.1.0-57 not cached");
        CheckRequest request = CheckRequest.of(SampleFiles.path("debian/debian_lp.ko"),
                List.of(SampleFiles.path("debian/v57/sch_codel.ko"), v57), List.of());
        Inspection asBuilt = Loading.inspect(request, Progress.NONE);
        for (CandidateInfo c : asBuilt.candidates()) {
            Finding f = signatureFinding(c);
            assertEquals(Severity.INFO, f.severity(), c.path());
            assertEquals(Optional.of("debian_lp: module verification failed: signature and/or required key missing - tainting kernel"),
                    f.kernelMessage());
        }
        Inspection enforced = Loading.inspect(request.withSignatures(new SignatureSettings(true, false)), Progress.NONE);
        for (CandidateInfo c : enforced.candidates()) {
            Finding f = signatureFinding(c);
            assertEquals(Severity.REFUSED, f.severity(), c.path());
            assertEquals(Optional.of("Loading of unsigned module is rejected"), f.kernelMessage());
        }
        assertEquals(Severity.REFUSED, enforced.worst());
    }

    private static Finding signatureFinding(CandidateInfo c) {
        List<Finding> found = c.findings().stream().filter(f -> f.check().equals("signature-trust")).toList();
        assertEquals(1, found.size(), c.path() + ": " + c.findings());
        return found.get(0);
    }

    /** Debian's own modules against the -dbg vmlinux of each cached ABI: trusted by their own build's only. */
    @Test
    void debianModulesAreTrustedByTheirOwnBuildOnly() {
        for (String abi : List.of("47", "50", "53", "56", "57")) {
            Path vmlinux = Path.of("/var/cache/klpscope/dbg/6.1.0-" + abi + "/vmlinux");
            Assumptions.assumeTrue(Files.isRegularFile(vmlinux), "Debian -dbg vmlinux 6.1.0-" + abi + " not cached");
            KernelObject v = KernelObjectReader.read(vmlinux);
            for (String own : List.of("47", "57")) {
                KernelObject m = KernelObjectReader.read(SampleFiles.path("debian/v" + own + "/sch_codel.ko"));
                Finding f = SignatureTrust.judge(m.image(), m.name(), v, "this vmlinux", SignatureSettings.AS_BUILT).orElseThrow();
                String what = "sch_codel of " + own + " on " + abi;
                if (own.equals(abi)) {
                    assertInstanceOf(Finding.SignatureTrusted.class, f, what);
                } else {
                    assertEquals("module with unavailable key", ((Finding.SignatureUntrusted) f).reason(), what);
                }
            }
        }
    }
}
