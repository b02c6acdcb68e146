package dev.klpscope.module.code;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Section;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An address in a {@code .bss} gap (no symbol covers it) is named by the label before it, as the vmlinux survey's
 * oracle names it: {@code __reserve_bp_slot}'s {@code movabs $task_bps_ht+0x8c} (4 bytes before
 * {@code tsk_pinned_all}) in Debian's 6.1.0-56 and -53, whose {@code .bss} offsets differ.
 *
 * <p>Derived input: the committed {@code linked/sch_codel-v57.emit-relocs.elf} has an empty {@code .bss} with the
 * label {@code __bss_start} at its start; the test grows that section's size (section header only, in memory) to
 * make a gap after the label. No sample's code reaches into a {@code .bss} gap; the real case is checked by
 * {@code VmlinuxSurveyTest} against the cached -dbg vmlinux builds.
 */
class NamerGapTest {

    private static final long BSS_SIZE = 0x40;

    @Test
    void bssGapIsNamedByTheLabelBeforeIt() throws IOException {
        ElfImage image = withBssGrown("linked/sch_codel-v57.emit-relocs.elf");
        Section bss = image.section(".bss").orElseThrow();
        Namer namer = namer(image);

        assertEquals("__bss_start+0xc", namer.place(bss.index(), 0xc).text(Long::toString));
        assertEquals("__bss_start+0x3f", namer.place(bss.index(), BSS_SIZE - 1).text(Long::toString));
        // a number that may be an address or a constant: a label in the section stands for it, as for a symbol
        assertEquals("__bss_start+0xc", namer.address(bss.address() + 0xc, false).orElseThrow().text(Long::toString));
    }

    @Test
    void dataGapWithBytesIsStillNamedByItsContents() throws IOException {
        ElfImage image = withBssGrown("linked/sch_codel-v57.emit-relocs.elf");
        Section rodata = image.section(".rodata").orElseThrow();
        // .rodata+0x1a is .LC2, a string literal between .LC0 and codel_policy: the oracle names it by its text
        String name = namer(image).place(rodata.index(), 0x1a).text(Long::toString);
        assertTrue(name.startsWith("\"") && name.endsWith("\"") && name.length() > 2, name);
    }

    private static Namer namer(ElfImage image) {
        int text = image.section(".text").orElseThrow().index();
        return new Namer(CodeIndex.of(image), text, 0, 0, true);
    }

    /** The sample with its {@code .bss} section header's {@code sh_size} set to {@link #BSS_SIZE}. */
    private static ElfImage withBssGrown(String sample) throws IOException {
        byte[] bytes = Files.readAllBytes(SampleFiles.path(sample));
        ElfImage original = ElfImage.fromBytes(sample, bytes);
        Section bss = original.section(".bss").orElseThrow();
        assertEquals(0, bss.size(), "the sample's .bss is expected empty");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        b.putLong((int) (shoff + (long) bss.index() * shentsize + 0x20), BSS_SIZE);
        return ElfImage.fromBytes(sample + " (.bss grown)", bytes);
    }
}
