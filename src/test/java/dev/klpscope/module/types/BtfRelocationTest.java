package dev.klpscope.module.types;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 7.3 out-of-tree module's {@code .BTF} moved from its distilled {@code .BTF.base} onto its release's vmlinux BTF,
 * matching each distilled type by kind, name and size as kernel/bpf/btf_relocate.c does: Debian's 7.3.4 vmlinuz from
 * the shared cache (its vmlinux read from the bzImage, {@code elf.BzImage}; skipped without it). After relocation the
 * seed's {@code klps_probe_get(char *buffer, const struct kernel_param *kp)} reaches vmlinux's struct with the members
 * include/linux/moduleparam.h declares, no longer an opaque one.
 */
class BtfRelocationTest {

    static final Path CACHE = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"));
    static final Path VMLINUZ_73 = CACHE.resolve("linux-image-7.3.4+deb13-amd64/usr/lib/modules/7.3.4+deb13-amd64/vmlinuz");
    static final Path VMLINUX = CACHE.resolve("vmlinux-6.12.95+deb12-amd64");

    @Test
    void theSeedsKernelParamIsVmlinuxsAfterRelocation() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUZ_73), "no 7.3 vmlinuz in the cache");
        Btf vmlinux = BtfFiles.base(VMLINUZ_73);
        ElfImage seed = ElfImage.open(SampleFiles.path("kernels/7.3/seed/v1/foo.ko"));
        Btf relocated = BtfFiles.relocated(seed, vmlinux).orElseThrow();
        assertEquals(vmlinux.endId(), relocated.startId(), "the module's own ids follow vmlinux's");
        assertEquals(11, relocated.endId() - relocated.startId(), "the seed's 11 own types, none lost");
        BtfType.Function probe = (BtfType.Function) relocated.type(relocated.named("klps_probe_get").get(0));
        BtfType.Prototype proto = (BtfType.Prototype) relocated.type(probe.proto());
        assertEquals(List.of("buffer", "kp"), proto.parameters().stream().map(BtfType.Parameter::name).toList());
        assertEquals("int", TypeNames.name(relocated, proto.returnType()));
        int kp = proto.parameters().get(1).type();
        assertEquals("const struct kernel_param *", TypeNames.name(relocated, kp));
        int param = TypeNames.resolveId(relocated, ((BtfType.Pointer) relocated.type(kp)).target());
        assertTrue(!relocated.owns(param), "vmlinux's struct");
        BtfType.Composite c = (BtfType.Composite) relocated.type(param);
        assertEquals(40, c.size());
        assertEquals(List.of("name", "mod", "ops", "perm", "level", "flags", ""),
                c.members().stream().map(BtfType.Member::name).toList());
        assertEquals(Optional.empty(), DistilledBase.opaqueReached(relocated, param));
        assertEquals("char *", TypeNames.name(relocated, proto.parameters().get(0).type()));
    }

    /** Without a distilled base there is nothing to relocate. */
    @Test
    void aModuleSplitOnVmlinuxIsNotRelocated() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        assertEquals(Optional.empty(), BtfFiles.relocated(ElfImage.open(SampleFiles.path("kernels/6.12/varlayout/v1/foo.ko")),
                BtfFiles.base(VMLINUX)));
    }
}
