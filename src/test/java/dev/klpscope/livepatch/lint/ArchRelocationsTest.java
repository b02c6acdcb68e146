package dev.klpscope.livepatch.lint;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.module.KernelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-arch relocation tables against real compiler output (the clang-built objects of
 * src/test/resources/dev/klpscope/elf/foreign): every type a compiler emits for ordinary module code must be one the
 * arch's apply_relocate_add writes, or every livepatch for that arch would be called refused.
 */
class ArchRelocationsTest {

    private static final KernelRules NEWEST = KernelRules.of(Optional.of(KernelVersion.of(7, 3)));
    private static final KernelRules OLDEST = KernelRules.of(Optional.empty());

    @ParameterizedTest
    @ValueSource(strings = {"tiny-x86_64-linux-gnu.o", "tiny-aarch64-linux-gnu.o", "tiny-powerpc64le-linux-gnu.o",
            "tiny-s390x-linux-gnu.o"})
    void everyTypeTheCompilerEmitsIsWritten(String file) throws URISyntaxException {
        ElfImage image = ElfImage.open(foreign(file));
        int machine = image.header().machine();
        int seen = 0;
        for (Section s : image.sections()) {
            if (s.type() != Section.SHT_RELA || !image.section((int) s.info()).isAlloc()) {
                continue;
            }
            for (Relocation r : image.relocations(s)) {
                seen++;
                for (KernelRules k : new KernelRules[] {OLDEST, NEWEST}) {
                    assertEquals(Optional.of(true), ArchRelocations.accepts(machine, k, r.type()),
                            file + ": " + image.relocationTypeName(r.type()) + " under " + k.describe());
                }
            }
        }
        assertTrue(seen > 3, file + " has relocations");
    }

    @Test
    void theGotAndDynamicTypesAreNotWritten() {
        assertEquals(Optional.of(false), ArchRelocations.accepts(Machines.EM_AARCH64, NEWEST, 311)); // ADR_GOT_PAGE
        assertEquals(Optional.of(false), ArchRelocations.accepts(Machines.EM_PPC64, NEWEST, 0)); // R_PPC64_NONE
        assertEquals(Optional.of(false), ArchRelocations.accepts(Machines.EM_S390, NEWEST, 12)); // R_390_RELATIVE
        assertEquals(Optional.of(false), ArchRelocations.accepts(Machines.EM_X86_64, NEWEST, 9)); // GOTPCREL
        assertEquals(Optional.empty(), ArchRelocations.accepts(Machines.EM_386, NEWEST, 1));
    }

    @Test
    void newerKernelsWriteMoreRiscvAndLoongarchTypes() {
        assertFalse(ArchRelocations.accepts(Machines.EM_RISCV, OLDEST, 57).orElseThrow()); // R_RISCV_32_PCREL
        assertTrue(ArchRelocations.accepts(Machines.EM_RISCV, NEWEST, 57).orElseThrow());
        assertFalse(ArchRelocations.accepts(Machines.EM_LOONGARCH, OLDEST, 109).orElseThrow()); // R_LARCH_64_PCREL
        KernelRules k612 = KernelRules.of(Optional.of(KernelVersion.of(6, 12)));
        assertTrue(ArchRelocations.accepts(Machines.EM_LOONGARCH, k612, 109).orElseThrow());
        assertFalse(ArchRelocations.accepts(Machines.EM_LOONGARCH, k612, 128).orElseThrow()); // PCADD_HI20, 7.3 on
        assertTrue(ArchRelocations.accepts(Machines.EM_LOONGARCH, NEWEST, 128).orElseThrow());
    }

    @Test
    void unknownTypesAreReportedInEachArchsWordsAndErrno() {
        assertEquals("module lp: unsupported RELA relocation: 311", ArchRelocations.unknown(Machines.EM_AARCH64, "lp", 311).message());
        assertEquals("lp: Unknown ADD relocation: 0", ArchRelocations.unknown(Machines.EM_PPC64, "lp", 0).message());
        assertEquals("", ArchRelocations.unknown(Machines.EM_S390, "lp", 10).message(), "COPY..RELATIVE fail silently");
        assertTrue(ArchRelocations.unknown(Machines.EM_RISCV, "lp", 99).errno().contains("EINVAL"));
        assertTrue(ArchRelocations.unknown(Machines.EM_X86_64, "lp", 255).errno().contains("ENOEXEC"));
    }

    @Test
    void livepatchArchesFollowTheKernelsKconfig() {
        assertTrue(LivepatchArches.has(Machines.EM_S390, OLDEST));
        assertFalse(LivepatchArches.has(Machines.EM_AARCH64, KernelRules.of(Optional.of(KernelVersion.of(6, 12)))));
        assertTrue(LivepatchArches.has(Machines.EM_AARCH64, NEWEST));
        assertFalse(LivepatchArches.has(Machines.EM_LOONGARCH, OLDEST));
        assertFalse(LivepatchArches.everHas(Machines.EM_RISCV));
    }

    private static Path foreign(String name) throws URISyntaxException {
        return Path.of(ArchRelocationsTest.class.getResource("/dev/klpscope/elf/foreign/" + name).toURI());
    }
}
