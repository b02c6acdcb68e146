package dev.klpscope.livepatch;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the patch's code does at each {@code .klp.rela} site, on the real samples; the expected values are objdump's
 * reading of the same bytes. rodata_lp's {@code livepatch_answer} (foo_limit at .text+0x7, 0x10, 0x16):
 * <pre>
 *    5: 8b 05 00 00 00 00   mov 0x0(%rip),%eax
 *    b: 83 c0 01            add $0x1,%eax
 *    e: 89 05 00 00 00 00   mov %eax,0x0(%rip)
 *   14: 8b 05 00 00 00 00   mov 0x0(%rip),%eax
 * </pre>
 * Variants are derived from it by rewriting the opcode at 0xe only (no real build gives them next to each other).
 */
class SiteAccessesTest {

    private static final int R_PPC64_REL32 = 26;

    @TempDir
    Path dir;

    private static Map<Long, SiteAccess> accesses(Path patch, String name) throws IOException {
        Livepatch lp = LivepatchReader.read(patch);
        Map<Long, SiteAccess> out = new TreeMap<>();
        lp.references().stream().filter(r -> r.name().equals(name)).flatMap(r -> r.sites().stream())
                .forEach(s -> out.put(s.offset(), s.access()));
        return out;
    }

    @Test
    void rodataPatchReadsWritesAndReadsTheLimit() throws IOException {
        assertEquals(Map.of(0x7L, SiteAccess.READ, 0x10L, SiteAccess.WRITE, 0x16L, SiteAccess.READ),
                accesses(SampleFiles.path("rodata/rodata_lp.ko"), "foo_limit"));
    }

    /** {@code 36: e8 00 00 00 00 call mode} (PLT32) and {@code 5: 8b 05 .. mov limit(%rip),%eax}. */
    @Test
    void kindswapPatchesCallModeAndReadLimit() throws IOException {
        assertEquals(Map.of(0x36L, SiteAccess.CALL), accesses(SampleFiles.path("kindswap/kindswap_call.ko"), "mode"));
        assertEquals(Map.of(0x7L, SiteAccess.READ), accesses(SampleFiles.path("kindswap/kindswap_read.ko"), "limit"));
    }

    private Path rodataWith(int opcode) throws IOException {
        Path sample = SampleFiles.path("rodata/rodata_lp.ko");
        byte[] b = Files.readAllBytes(sample);
        Section text = ElfImage.open(sample).section(".text").orElseThrow();
        assertEquals(0x89, b[(int) text.offset() + 0xe] & 0xff, "rodata_lp's store moved: rebuild the test");
        b[(int) text.offset() + 0xe] = (byte) opcode;
        return Files.write(dir.resolve(String.format("rodata-%02x.ko", opcode)), b);
    }

    @Test
    void theOpcodeAtTheSiteDecides() throws IOException {
        assertEquals(SiteAccess.READ, accesses(rodataWith(0x8b), "foo_limit").get(0x10L));    // mov 0(%rip),%eax
        assertEquals(SiteAccess.ADDRESS, accesses(rodataWith(0x8d), "foo_limit").get(0x10L)); // lea 0(%rip),%eax
        assertEquals(SiteAccess.WRITE, accesses(rodataWith(0x01), "foo_limit").get(0x10L));   // add %eax,0(%rip)
        assertEquals(SiteAccess.READ, accesses(rodataWith(0x39), "foo_limit").get(0x10L));    // cmp %eax,0(%rip)
        assertEquals(SiteAccess.WRITE, accesses(rodataWith(0x87), "foo_limit").get(0x10L));   // xchg %eax,0(%rip)
    }

    /** {@code 06} is invalid in 64-bit mode: the walk stops there, sites before it stay decoded. */
    @Test
    void anUndecodableInstructionLeavesItsSiteAndLaterOnesUndecided() throws IOException {
        assertEquals(Map.of(0x7L, SiteAccess.READ, 0x10L, SiteAccess.UNKNOWN, 0x16L, SiteAccess.UNKNOWN),
                accesses(rodataWith(0x06), "foo_limit"));
    }

    /**
     * ppc64 code is not decoded: the seed patch's call to {@code c} (REL24 at .text+0xa0) given a non-call type
     * (REL32) is undecided, not guessed.
     */
    @Test
    void otherArchitecturesAreNotDecoded() throws IOException {
        Path sample = SampleFiles.path("kernels/6.1-ppc64el/seed/seed_lp1.ko");
        assertEquals(Map.of(0xa0L, SiteAccess.CALL), accesses(sample, "c"));
        byte[] b = Files.readAllBytes(sample);
        Section rela = ElfImage.open(sample).section(".klp.rela.foo..text").orElseThrow();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa0L, buf.getLong((int) rela.offset()));
        buf.putInt((int) rela.offset() + 8, R_PPC64_REL32);
        assertEquals(Map.of(0xa0L, SiteAccess.UNKNOWN), accesses(Files.write(dir.resolve("ppc.ko"), b), "c"));
    }
}
