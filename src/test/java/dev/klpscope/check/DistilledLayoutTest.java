package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.module.types.Btf;
import dev.klpscope.module.types.BtfFiles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A type looked up by name in a 7.x module's BTF read on its own distilled {@code .BTF.base} (the seed built for 7.3
 * by kbuild, whose {@code struct kernel_param} there has a size and no members, as bpftool shows): its layout is not
 * compared, whatever path of var-layout asks for it, rather than read as a struct without members; a type of the
 * module's own is.
 */
class DistilledLayoutTest {

    static Btf seed73() {
        return BtfFiles.of(ElfImage.open(SampleFiles.path("kernels/7.3/seed/v1/foo.ko")), null).orElseThrow();
    }

    @Test
    void aKernelStructOfTheDistilledBaseIsNotComparedByName() {
        NotChecked e = assertThrows(NotChecked.class, () -> LayoutChecks.byName(seed73(), "struct kernel_param", false));
        assertTrue(e.getMessage().endsWith("foo.ko: struct kernel_param is from its distilled .BTF.base, which keeps a "
                + "kernel type's name and size but not its members (the kernel relocates them onto vmlinux's BTF at load, "
                + "kernel/bpf/btf_relocate.c); give the vmlinux BTF of its release to compare it"), e.getMessage());
    }

    /** The same lookup on complete BTF (pahole's of the seed module, kernel types and all) gives the members. */
    @Test
    void onCompleteBtfTheStructIsCompared() throws Exception {
        byte[] bytes;
        try (var in = new org.tukaani.xz.XZInputStream(Btf.class.getResourceAsStream("seed-foo-v1.btf.xz"))) {
            bytes = in.readAllBytes();
        }
        Btf btf = Btf.read(dev.klpscope.elf.ByteReader.of(bytes, java.nio.ByteOrder.LITTLE_ENDIAN, "seed.btf"), "BTF", null, 8);
        var layout = LayoutChecks.byName(btf, "struct list_head", false).orElseThrow();
        assertEquals("struct list_head", layout.type());
        assertEquals(java.util.List.of("next", "prev"), layout.members().stream().map(m -> m.path()).toList());
    }
}
