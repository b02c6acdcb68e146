package dev.klpscope.module.types;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distilled {@code .BTF.base} of a module built out of tree for 7.3 ({@code samples/kernels/7.3/seed/v1/foo.ko},
 * kbuild's own {@code btf__distill_base}): {@code struct kernel_param} is there with its size and no members
 * ({@code bpftool btf dump}: {@code STRUCT 'kernel_param' size=40 vlen=0}), and a type reaching it (the
 * {@code const struct kernel_param} of {@code klps_probe_get}'s {@code kp} parameter) is opaque; the module's own
 * types and the plain types of the base are not.
 */
class DistilledBaseTest {

    private static Btf seed73() {
        return BtfFiles.of(ElfImage.open(SampleFiles.path("kernels/7.3/seed/v1/foo.ko")), null).orElseThrow();
    }

    private static int named(Btf btf, String name) {
        return btf.named(name).stream().findFirst().orElseThrow();
    }

    @Test
    void aKernelStructOfTheDistilledBaseIsOpaque() {
        Btf btf = seed73();
        int param = named(btf, "kernel_param");
        assertTrue(!btf.owns(param), "kernel_param is the base's");
        BtfType.Composite c = (BtfType.Composite) btf.type(param);
        assertEquals(40, c.size());
        assertEquals(0, c.members().size());
        assertEquals(Optional.of("struct kernel_param"), DistilledBase.opaqueReached(btf, param));
    }

    @Test
    void aTypeReachingItThroughQualifiersIsOpaqueAndTheRestIsNot() {
        Btf btf = seed73();
        BtfType.Prototype probe = (BtfType.Prototype) btf.type(((BtfType.Function) btf.type(named(btf, "klps_probe_get"))).proto());
        int kp = probe.parameters().get(1).type(); // const struct kernel_param *
        int constParam = ((BtfType.Pointer) btf.type(kp)).target();
        assertEquals(Optional.of("struct kernel_param"), DistilledBase.opaqueReached(btf, constParam));
        assertEquals(Optional.empty(), DistilledBase.opaqueReached(btf, kp), "a pointer is compared by its size");
        assertEquals(Optional.empty(), DistilledBase.opaqueReached(btf, probe.returnType()), "int");
    }

    /** The same struct in a full base (vmlinux's, the 6.12.95 one of the shared cache: skipped without it) is not opaque. */
    @Test
    void onAFullBaseNothingIsOpaque() {
        java.nio.file.Path vmlinux = java.nio.file.Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"),
                "vmlinux-6.12.95+deb12-amd64");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(vmlinux), "no 6.12 vmlinux in the cache");
        Btf module = BtfFiles.of(ElfImage.open(SampleFiles.path("kernels/6.12/varlayout/v1/foo.ko")), BtfFiles.base(vmlinux))
                .orElseThrow();
        int param = named(module, "kernel_param");
        assertTrue(((BtfType.Composite) module.type(param)).members().size() > 0);
        assertEquals(Optional.empty(), DistilledBase.opaqueReached(module, param));
        assertEquals(Optional.empty(), DistilledBase.opaqueReached(module, named(module, "foo_stats")));
    }
}
