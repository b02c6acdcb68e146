package dev.klpscope.check;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.types.BtfFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code var-layout} on the varlayout sample (samples/kernels/6.12/varlayout: foo's per-CPU {@code struct foo_stats}
 * reordered at the same size in v2; the patch reads {@code hits} at v1's offset). Its modules' BTF is split on
 * the 6.12 vmlinux's, so the comparison needs that vmlinux (cached by samples/build.sh --kernel 6.12), given as a
 * candidate or as {@code --btf-base}; without it the finding says what to add.
 */
class VariableLayoutTest {

    static final Path PATCH = SampleFiles.path("kernels/6.12/varlayout/varlayout_lp.ko");
    static final Path V1 = SampleFiles.path("kernels/6.12/varlayout/v1/foo.ko");
    static final Path V2 = SampleFiles.path("kernels/6.12/varlayout/v2/foo.ko");
    static final Path VMLINUX = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"), "vmlinux-6.12.95+deb12-amd64");

    static List<Finding> layoutFindings(Inspection in, Path candidate) {
        Target t = in.targets().stream().filter(x -> x.symbol().equals("foo_stats")).findFirst().orElseThrow();
        return t.verdictFor(candidate.toString()).orElseThrow().findings().stream()
                .filter(f -> f.check().equals("var-layout")).toList();
    }

    @Test
    void theReorderedStructIsSilentAgainstTheBaseline() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        Inspection in = Loading.inspect(PATCH, List.of(V1, V2, VMLINUX), List.of(V1));
        List<Finding> v2 = layoutFindings(in, V2);
        assertEquals(1, v2.size(), v2.toString());
        Finding f = v2.get(0);
        assertEquals(Severity.SILENT, f.severity());
        assertTrue(f.message().contains("variable 'foo_stats' (struct foo_stats)"), f.message());
        assertTrue(f.message().contains("`hits`: offset 0x0 → 0x8") && f.message().contains("`misses`: offset 0x8 → 0x0"),
                f.message());
        assertTrue(layoutFindings(in, V1).isEmpty(), "the baseline is not compared with itself");
        assertEquals(Severity.SILENT, in.targets().stream().filter(x -> x.symbol().equals("foo_stats")).findFirst()
                .orElseThrow().verdictFor(V2.toString()).orElseThrow().severity());
    }

    /**
     * The patch's own BTF (pahole encodes every type of its DWARF) holds struct foo_stats as the patch declared it,
     * v1's order: a build with v2's layout is silent even when it is given as the baseline.
     */
    @Test
    void thePatchsOwnLayoutIsTheReference() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        Inspection in = Loading.inspect(PATCH, List.of(V1, V2, VMLINUX), List.of(V2));
        Finding f = layoutFindings(in, V2).get(0);
        assertEquals(Severity.SILENT, f.severity());
        assertTrue(f.message().contains("than in the patch's own BTF, the layout its code was compiled against"), f.message());
        assertTrue(layoutFindings(in, V1).isEmpty(), "v1 has the layout the patch was compiled against");
    }

    @Test
    void aRawBtfFileServesAsTheBase(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        // a copy of what /sys/kernel/btf/vmlinux holds on that kernel: the vmlinux's .BTF section, raw
        ElfImage image = ElfImage.open(VMLINUX);
        var section = image.section(".BTF").orElseThrow();
        Path raw = Files.write(dir.resolve("vmlinux.btf"), image.data(section).bytes(0, (int) section.size(), "test"));
        List<KernelObject> candidates = List.of(KernelObjectReader.read(V1), KernelObjectReader.read(V2));
        Inspection in = Inspector.inspect(LivepatchReader.read(PATCH, Optional.empty()), candidates, List.of(V1.toString()),
                false, List.of(dev.klpscope.module.types.BtfBase.given(BtfFiles.raw(raw))));
        Finding f = layoutFindings(in, V2).get(0);
        assertEquals(Severity.SILENT, f.severity());
        assertTrue(f.message().contains("`hits`: offset 0x0 → 0x8"), f.message());
    }

    @Test
    void withoutTheBaseTheFindingSaysWhatToAdd() {
        Inspection in = Loading.inspect(PATCH, List.of(V1, V2), List.of(V1));
        List<Finding> v2 = layoutFindings(in, V2);
        assertEquals(1, v2.size(), v2.toString());
        assertEquals(Severity.OK, v2.get(0).severity(), "not checked changes no verdict");
        assertTrue(v2.get(0).message().startsWith("layout of variable 'foo_stats' not checked: "), v2.get(0).message());
        assertTrue(v2.get(0).message().contains("split on the BTF of the vmlinux of 6.12.95+deb12-amd64")
                && v2.get(0).message().contains("--btf-base"), v2.get(0).message());
    }

    @Test
    void buildsWithoutBtfGiveNoLayoutFinding() {
        Path v1 = SampleFiles.path("varsize/v1/foo.ko");
        Path v2 = SampleFiles.path("varsize/v2/foo.ko");
        Inspection in = Loading.inspect(SampleFiles.path("varsize/varsize_lp.ko"), List.of(v1, v2), List.of(v1));
        Target t = in.targets().stream().filter(x -> x.symbol().equals("foo_level")).findFirst().orElseThrow();
        assertFalse(t.verdictFor(v2.toString()).orElseThrow().findings().isEmpty());
        assertTrue(t.verdictFor(v2.toString()).orElseThrow().findings().stream().noneMatch(f -> f.check().equals("var-layout")));
    }

    /**
     * What the real 6.12 kernel did under QEMU (samples/kernels/6.12/varlayout/kernel-verdicts.tsv, recorded by
     * samples/record-verdicts.sh --kernel 6.12 with that folder's scenarios.tsv): every row loaded; where the probe
     * read back what the patch was built to give (kernel-readback.tsv) the candidate's verdict must be ok, info or
     * warn, where it read another value (v2: misses as hits) silent.
     */
    @Test
    void theKernelsRecordingIsPredictedExactly() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        Path tsv = SampleFiles.path("kernels/6.12/varlayout/kernel-verdicts.tsv");
        List<SampleFiles.KernelVerdict> rows = SampleFiles.kernelVerdicts(tsv);
        java.util.Map<String, String> right = new java.util.HashMap<>();
        SampleFiles.readbacks(tsv).forEach(r -> right.put(r.candidate(), r.right()));
        assertEquals(4, rows.size());
        Inspection in = Loading.inspect(PATCH, List.of(V1, V2, VMLINUX), List.of(V1));
        int wrong = 0;
        for (SampleFiles.KernelVerdict row : rows) {
            assertEquals("loaded", row.outcome(), row.toString());
            dev.klpscope.agreement.KernelOutcome outcome = row.observed().equals(right.get(row.candidate()))
                    ? dev.klpscope.agreement.KernelOutcome.LOADED_RIGHT : dev.klpscope.agreement.KernelOutcome.LOADED_WRONG;
            wrong += outcome == dev.klpscope.agreement.KernelOutcome.LOADED_WRONG ? 1 : 0;
            Path candidate = SampleFiles.path(row.candidate());
            Severity predicted = Severity.worst(in.candidate(candidate.toString()).orElseThrow().worst(),
                    in.targets().stream().flatMap(t -> t.verdictFor(candidate.toString()).stream())
                            .map(Verdict::severity).reduce(Severity.OK, Severity::worst));
            assertTrue(outcome.agrees(predicted), row.candidate() + " " + row.order() + ": the kernel " + outcome.words()
                    + " (" + row.observed() + "), klpscope " + predicted.word());
        }
        assertEquals(2, wrong, "v2 reads misses as hits in both load orders");
    }
}
