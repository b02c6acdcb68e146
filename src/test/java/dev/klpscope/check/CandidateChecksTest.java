package dev.klpscope.check;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks of a candidate as a whole, on samples and on files derived from them. */
class CandidateChecksTest {

    @Test
    void aCandidateForAnotherArchitectureIsRefused(@TempDir Path dir) throws IOException {
        // Derived from a real module: e_machine (offset 18) rewritten from x86-64 to AArch64.
        byte[] bytes = Files.readAllBytes(SampleFiles.path("seed/v2/foo.ko"));
        bytes[18] = (byte) 183;
        bytes[19] = 0;
        Path foreign = dir.resolve("foo.ko");
        Files.write(foreign, bytes);
        Inspection in = Loading.inspect(SampleFiles.path("seed/seed_lp2.ko"), List.of(foreign), List.of());
        CandidateInfo c = in.candidate(foreign.toString()).orElseThrow();
        Finding f = c.findings().stream().filter(x -> x.check().equals("machine-match")).findFirst().orElseThrow();
        assertEquals(Severity.REFUSED, f.severity());
        assertTrue(f.message().contains("aarch64") && f.message().contains("x86_64"), f.message());
    }

    @Test
    void anImportFromThePatchedModuleIsRefusedOnlyWhenThePatchLoadsFirst() {
        Path v1 = SampleFiles.path("crc/v1/bar.ko");
        Inspection in = Loading.inspect(SampleFiles.path("crc/crc_lp.ko"), List.of(v1), List.of());
        Verdict v = in.targets().stream().filter(t -> t.symbol().equals("bar_scale")).findFirst().orElseThrow()
                .verdictFor(v1.toString()).orElseThrow();
        assertEquals(Severity.REFUSED, v.severityFor(LoadOrder.PATCH_FIRST));
        assertEquals(Severity.OK, v.severityFor(LoadOrder.TARGET_FIRST));
        assertEquals("crc_lp: Unknown symbol bar_scale (err -2)", v.headline().kernelMessage().orElseThrow());
    }

    @Test
    void aModuleTheInitOrderSampleResolvesDifferentlyByLoadOrder() {
        Path v1 = SampleFiles.path("initorder/v1/foo.ko");
        Inspection in = Loading.inspect(SampleFiles.path("initorder/initorder_pos2.ko"), List.of(v1), List.of());
        Target helper = in.targets().stream().filter(t -> t.symbol().equals("helper")).findFirst().orElseThrow();
        Verdict v = helper.verdictFor(v1.toString()).orElseThrow();
        assertEquals(Severity.REFUSED, v.severityFor(LoadOrder.TARGET_FIRST), "only core symbols count once foo is loaded");
        assertEquals(Severity.OK, v.severityFor(LoadOrder.PATCH_FIRST), "init symbols count while foo loads");
    }

    /** Real builds of one source for two kernels: 6.1's struct module is 0x380 bytes, 6.12's 0x500. */
    @Test
    void aPatchBuiltForAnotherKernelsStructModuleIsRefusedFrom612() {
        Path foo612 = SampleFiles.path("kernels/6.12/seed/v1/foo.ko");
        Inspection in = Loading.inspect(SampleFiles.path("seed/seed_lp1.ko"), List.of(foo612), List.of());
        Finding f = only(in.candidate(foo612.toString()).orElseThrow(), "this-module-size");
        assertEquals(Severity.REFUSED, f.severity());
        assertTrue(f.message().contains("896 bytes, the candidate's 1280"), f.message());
        assertEquals("module seed_lp1: .gnu.linkonce.this_module section size must match the kernel's built struct "
                + "module size at run time", f.kernelMessage().orElseThrow());
    }

    @Test
    void the61LoaderDoesNotCompareStructModuleSizes() {
        Path foo61 = SampleFiles.path("seed/v1/foo.ko");
        Inspection in = Loading.inspect(SampleFiles.path("kernels/6.12/seed/seed_lp1.ko"), List.of(foo61), List.of());
        Finding f = only(in.candidate(foo61.toString()).orElseThrow(), "this-module-size");
        assertEquals(Severity.SILENT, f.severity());
        assertTrue(f.kernelMessage().isEmpty());
    }

    @Test
    void aPatchAndModuleOfOneKernelAgreeOnStructModule() {
        for (String k : List.of("seed", "kernels/6.12/seed", "kernels/7.3/seed")) {
            Path foo = SampleFiles.path(k + "/v1/foo.ko");
            Inspection in = Loading.inspect(SampleFiles.path(k + "/seed_lp1.ko"), List.of(foo), List.of());
            assertTrue(in.candidate(foo.toString()).orElseThrow().findings().stream()
                    .noneMatch(x -> x.check().equals("this-module-size")), k);
        }
    }

    /**
     * A kernel built without CONFIG_LIVEPATCH (as Debian's ppc64el is) has no klp_enable_patch. Derived from the real
     * 6.1.0-57 symbol table with that one name changed in its string table.
     */
    @Test
    void aVmlinuxWithoutLivepatchSupportRefusesEveryPatch(@TempDir Path dir) throws IOException {
        Path real = SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz");
        Path patch = SampleFiles.path("vmlinux/vmlinux_lp.ko");
        Inspection withSupport = Loading.inspect(patch, List.of(real), List.of());
        assertTrue(withSupport.candidates().get(0).findings().stream().noneMatch(f -> f.check().equals("livepatch-support")));

        byte[] bytes;
        try (var in = new org.tukaani.xz.XZInputStream(Files.newInputStream(real))) {
            bytes = in.readAllBytes();
        }
        dev.klpscope.elf.ElfImage image = dev.klpscope.elf.ElfImage.fromBytes("vmlinux", bytes);
        dev.klpscope.elf.Section symtab = image.symbolTableSection().orElseThrow();
        dev.klpscope.elf.Symbol sym = image.symbols().stream().filter(x -> x.name().equals("klp_enable_patch"))
                .findFirst().orElseThrow();
        long nameAt = image.section((int) symtab.link()).offset()
                + Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt((int) (symtab.offset() + 24L * sym.index())));
        bytes[(int) nameAt + "klp_enable_patc".length()] = 'X'; // klp_enable_patcX
        Path without = Files.write(dir.resolve("vmlinux-nolivepatch.symtab"), bytes);
        Inspection in = Loading.inspect(patch, List.of(without), List.of());
        Finding f = only(in.candidates().get(0), "livepatch-support");
        assertEquals(Severity.REFUSED, f.severity());
        assertEquals("vmlinux_lp: module is marked as livepatch module, but livepatch support is disabled",
                f.kernelMessage().orElseThrow());
    }

    private static Finding only(CandidateInfo c, String check) {
        List<Finding> found = c.findings().stream().filter(x -> x.check().equals(check)).toList();
        assertEquals(1, found.size(), check + " in " + c.findings());
        return found.get(0);
    }

    /**
     * test_klp_callbacks_demo.c gives test_klp_callbacks_mod an object with callbacks and no functions
     * ({@code .funcs = no_funcs}); livepatch-shadow-fix1.c has no vmlinux object, but vmlinux resolves its imports.
     * Neither candidate is "never patched"; a module the patch really has no object for is.
     */
    @Test
    void neverPatchedOnlyForAModuleThePatchHasNoObjectFor() {
        Path mod = SampleFiles.path("upstream/6.1/v1/test_klp_callbacks_mod.ko");
        Path vmlinux = SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz");
        Inspection demo = Loading.inspect(SampleFiles.path("upstream/6.1/test_klp_callbacks_demo.ko"), List.of(mod, vmlinux),
                List.of());
        assertEquals(List.of(), objnameMatch(demo, mod));
        assertEquals(List.of(), objnameMatch(demo, vmlinux));
        Inspection fix1 = Loading.inspect(SampleFiles.path("upstream/6.1/livepatch-shadow-fix1.ko"), List.of(mod, vmlinux),
                List.of());
        assertEquals(List.of(), objnameMatch(fix1, vmlinux), "vmlinux given for the imports");
        List<Finding> notPatched = objnameMatch(fix1, mod);
        assertEquals(1, notPatched.size(), notPatched.toString());
        assertTrue(notPatched.get(0).message().contains("never patched"), notPatched.get(0).message());
    }

    private static List<Finding> objnameMatch(Inspection in, Path candidate) {
        return in.candidate(candidate.toString()).orElseThrow().findings().stream()
                .filter(f -> f.check().equals("objname-match")).toList();
    }
}
