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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call site is a call by its relocation type or, on x86-64, by the instruction: an assembler that does not emit
 * PLT32 for calls writes {@code R_X86_64_PC32} after the {@code e8}. Derived at test time from the real sympos
 * patch (objdump: {@code 36: e8 00 00 00 00 call} with {@code .klp.sym.foo.helper,2} at 0x37, PLT32), by
 * rewriting its relocation type only, and then its opcode byte too: no real build gives both variants.
 */
class CallSitesTest {

    private static final int R_X86_64_PC32 = 2;

    @TempDir
    Path dir;

    private ExpectedKindCase helper(boolean pc32, byte opcode) throws IOException {
        Path sample = SampleFiles.path("sympos/sympos_lp.ko");
        byte[] b = Files.readAllBytes(sample);
        ElfImage image = ElfImage.open(sample);
        Section rela = image.section(".klp.rela.foo..text").orElseThrow();
        Section text = image.section(".text").orElseThrow();
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (long at = rela.offset(); at < rela.offset() + rela.size(); at += 24) {
            if (buf.getLong((int) at) == 0x37 && pc32) {
                buf.putInt((int) at + 8, R_X86_64_PC32);
            }
        }
        b[(int) (text.offset() + 0x36)] = opcode;
        Path out = Files.write(dir.resolve(pc32 + "-" + opcode + ".ko"), b);
        Livepatch lp = LivepatchReader.read(out);
        KlpReference r = lp.references().stream().filter(x -> x.name().equals("helper")).findFirst().orElseThrow();
        return new ExpectedKindCase(r.sites().get(0).typeName(), r.expectedKind());
    }

    record ExpectedKindCase(String type, KlpReference.ExpectedKind kind) {
    }

    @Test
    void pc32AfterACallOpcodeIsACall() throws IOException {
        ExpectedKindCase c = helper(true, (byte) 0xe8);
        assertEquals("R_X86_64_PC32", c.type());
        assertEquals(KlpReference.ExpectedKind.FUNCTION, c.kind());
    }

    @Test
    void pc32AfterAJmpOpcodeIsACall() throws IOException {
        assertEquals(KlpReference.ExpectedKind.FUNCTION, helper(true, (byte) 0xe9).kind());
    }

    /** {@code 05}: the ModRM byte of a RIP-relative operand (mod=00, rm=101), as in {@code add foo(%rip),%eax}. */
    @Test
    void pc32AfterARipRelativeOperandIsNotACall() throws IOException {
        ExpectedKindCase c = helper(true, (byte) 0x05);
        assertEquals(KlpReference.ExpectedKind.UNKNOWN, c.kind());
    }

    @Test
    void plt32IsACallWhateverTheByteBefore() throws IOException {
        ExpectedKindCase c = helper(false, (byte) 0x05);
        assertTrue(c.type().contains("PLT32"));
        assertEquals(KlpReference.ExpectedKind.FUNCTION, c.kind());
    }
}
