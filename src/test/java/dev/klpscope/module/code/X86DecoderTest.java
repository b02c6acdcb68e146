package dev.klpscope.module.code;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.ResolutionView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The length decoder on real instructions: each vector is one instruction of Debian's 6.1.0-57 vmlinux
 * ({@code linux-image-6.1.0-57-amd64-dbg}) at the address given, with the length and operands {@code objdump -d}
 * shows there; field positions follow the encoding objdump names (Intel SDM vol. 2, chapter 2).
 */
class X86DecoderTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # address        | bytes                         | len | disp | rip   | imm | immSize | rel   | objdump
            ffffffff81000000 | 48 8d 25 51 3f a0 01          | 7   | 3    | true  | -1  | 0       | false | lea 0x1a03f51(%rip),%rsp
            ffffffff81000031 | e8 aa 07 00 00                | 5   | -1   | false | 1   | 4       | true  | call startup_64_setup_env
            ffffffff8100008f | f7 05 b7 56 41 01 01 00 00 00 | 10  | 2    | true  | 6   | 4       | false | testl $0x1,0x14156b7(%rip)
            ffffffff81000099 | 74 06                         | 2   | -1   | false | 1   | 1       | true  | je
            ffffffff8100011a | 0f ba e8 00                   | 4   | -1   | false | 3   | 1       | false | bts $0x0,%eax
            ffffffff81000147 | 68 5a 01 00 81                | 5   | -1   | false | 1   | 4       | false | push $0xffffffff8100015a
            ffffffff8100016e | 0f 82 d2 00 00 00             | 6   | -1   | false | 2   | 4       | true  | jb verify_cpu+0xe6
            ffffffff81000315 | ff d0                         | 2   | -1   | false | -1  | 0       | false | call *%rax
            ffffffff81000334 | cc                            | 1   | -1   | false | -1  | 0       | false | int3
            ffffffff81000365 | 48 bb 00 00 00 00 00 00 11 ff | 10  | -1   | false | 2   | 8       | false | movabs $0xff11000000000000,%rbx
            ffffffff81000375 | c7 00 01 00 00 00             | 6   | -1   | false | 2   | 4       | false | movl $0x1,(%rax)
            ffffffff81000539 | 48 89 54 cb 08                | 5   | -1   | false | -1  | 0       | false | mov %rdx,0x8(%rbx,%rcx,8)
            ffffffff8100064c | 48 8d 0c f5 00 00 00 00       | 8   | 4    | false | -1  | 0       | false | lea 0x0(,%rsi,8),%rcx
            ffffffff81000988 | 48 c7 c7 70 5a 34 82          | 7   | -1   | false | 3   | 4       | false | mov $0xffffffff82345a70,%rdi
            ffffffff810009f2 | 65 48 8b 04 25 28 00 00 00    | 9   | 5    | false | -1  | 0       | false | mov %gs:0x28,%rax
            ffffffff81000ec7 | f6 00 04                      | 3   | -1   | false | 2   | 1       | false | testb $0x4,(%rax)
            ffffffff81000efb | 0f 1f 44 00 00                | 5   | -1   | false | -1  | 0       | false | nopl 0x0(%rax,%rax,1)
            ffffffff810011d6 | f3 48 ab                      | 3   | -1   | false | -1  | 0       | false | rep stos %rax,%es:(%rdi)
            ffffffff810025f5 | 65 0f b1 15 43 d5 01 7f       | 8   | 4    | true  | -1  | 0       | false | cmpxchg %edx,%gs:0x7f01d543(%rip)
            ffffffff810046bb | f0 ff 41 34                   | 4   | -1   | false | -1  | 0       | false | lock incl 0x34(%rcx)
            ffffffff81008ea8 | 48 8b 8c c3 28 05 00 00       | 8   | 4    | false | -1  | 0       | false | mov 0x528(%rbx,%rax,8),%rcx
            ffffffff81009044 | 4d 69 e4 c0 08 00 00          | 7   | -1   | false | 3   | 4       | false | imul $0x8c0,%r12,%r12
            ffffffff810091ab | f7 d8                         | 2   | -1   | false | -1  | 0       | false | neg %eax
            ffffffff8101fa2d | 66 e5 10                      | 3   | -1   | false | 2   | 1       | false | in $0x10,%ax
            ffffffff8102236a | 65 66 c7 05 f2 3c fe 7e 88 40 | 10  | 4    | true  | 8   | 2       | false | movw $0x4088,%gs:0x7efe3cf2(%rip)
            ffffffff8103b8f0 | f3 90                         | 2   | -1   | false | -1  | 0       | false | pause
            ffffffff8103eaa0 | c3                            | 1   | -1   | false | -1  | 0       | false | ret
            ffffffff81040b5e | 0f ae 54 24 04                | 5   | -1   | false | -1  | 0       | false | ldmxcsr 0x4(%rsp)
            ffffffff8106b0e0 | ff 68 24                      | 3   | -1   | false | -1  | 0       | false | ljmp *0x24(%rax)
            ffffffff810949a6 | 66 41 0f 38 00 dc             | 6   | -1   | false | -1  | 0       | false | pshufb %xmm12,%xmm3
            ffffffff81094b50 | c5 fa 6f 07                   | 4   | -1   | false | -1  | 0       | false | vmovdqu (%rdi),%xmm0
            ffffffff81094b90 | c4 c1 59 ef df                | 5   | -1   | false | -1  | 0       | false | vpxor %xmm15,%xmm4,%xmm3
            ffffffff81094bb9 | 62 72 4d 28 76 c7             | 6   | -1   | false | -1  | 0       | false | vpermi2d %ymm7,%ymm6,%ymm8
            """)
    void decodesWhatObjdumpShows(String address, String hex, int length, int disp, boolean rip, int imm, int immSize,
                                 boolean relative, String objdump) {
        byte[] code = HexFormat.ofDelimiter(" ").parseHex(hex);
        X86Instruction i = X86Decoder.decode(code, 0, code.length).orElseThrow(() -> new AssertionError(objdump));
        assertEquals(length, i.length(), objdump);
        assertEquals(disp, i.dispAt(), objdump + ": 32-bit displacement");
        assertEquals(rip, i.ripRelative(), objdump + ": RIP-relative");
        assertEquals(imm, i.immAt(), objdump + ": immediate");
        assertEquals(immSize, i.immSize(), objdump + ": immediate size");
        assertEquals(relative, i.relative(), objdump + ": branch displacement");
        for (int cut = 0; cut < length; cut++) { // bounds: never reads past the end it is given
            assertEquals(Optional.empty(), X86Decoder.decode(code, 0, cut), objdump + " cut to " + cut + " bytes");
        }
    }

    @Test
    void refusesWhatIsNotAnInstructionIn64BitMode() {
        assertFalse(X86Decoder.decode(new byte[] {0x06}, 0, 1).isPresent(), "push %es");
        assertFalse(X86Decoder.decode(new byte[] {(byte) 0xd4, 0x0a}, 0, 2).isPresent(), "aam");
        byte[] sixteenBytes = new byte[16];
        java.util.Arrays.fill(sixteenBytes, (byte) 0x66);
        sixteenBytes[15] = (byte) 0x90;
        assertFalse(X86Decoder.decode(sixteenBytes, 0, 16).isPresent(), "an instruction is at most 15 bytes");
        assertFalse(X86Decoder.decode(new byte[] {(byte) 0x90}, 1, 1).isPresent(), "at the end");
        assertFalse(X86Decoder.decode(new byte[] {(byte) 0x90}, -1, 1).isPresent(), "before the start");
        assertTrue(X86Decoder.decode(new byte[] {(byte) 0x90}, 0, 1).isPresent(), "nop");
    }

    /** Instruction starts of codel_qdisc_enqueue in Debian's sch_codel.ko (6.1.0-57), as {@code objdump -d} lists them. */
    @Test
    void instructionBoundariesAreObjdumps() {
        KernelObject o = KernelObjectReader.read(SampleFiles.path("debian/v57/sch_codel.ko"));
        Symbol f = o.symbols().named("codel_qdisc_enqueue", ResolutionView.TARGET_COMING).get(0);
        long[] objdump = {0x110, 0x115, 0x116, 0x119, 0x11c, 0x11d, 0x120, 0x126, 0x128, 0x12d, 0x131, 0x134, 0x13b, 0x13e,
                0x140, 0x148, 0x14b, 0x152, 0x159, 0x15c, 0x162, 0x164, 0x165, 0x166, 0x16b, 0x172, 0x179, 0x17b, 0x182,
                0x185, 0x186, 0x187, 0x18a, 0x18f, 0x192, 0x199}; // 0x19e on is padding (the symbol is 142 bytes)
        assertEquals(java.util.Arrays.toString(objdump), java.util.Arrays.toString(starts(o, f).stream().mapToLong(Long::longValue).toArray()));
    }

    /** Every function of every x86-64 sample module decodes to its last byte, with no instruction left undecoded. */
    @Test
    void everySampleFunctionDecodesToItsEnd() throws IOException {
        int functions = 0;
        List<String> failed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SampleFiles.root())) {
            for (Path p : files.filter(f -> f.toString().endsWith(".ko") && !f.toString().contains("broken")).sorted().toList()) {
                KernelObject o = KernelObjectReader.read(p);
                if (o.image().header().machine() != Machines.EM_X86_64) {
                    continue;
                }
                for (Symbol s : o.symbols().all()) {
                    Optional<Section> sec = o.sectionOf(s);
                    if (s.isFunction() && s.size() > 0 && sec.isPresent() && sec.get().occupiesFile()) {
                        functions++;
                        List<Long> at = starts(o, s);
                        if (at.isEmpty() || at.get(at.size() - 1) < 0) {
                            failed.add(p + ": " + s.name());
                        }
                    }
                }
            }
        }
        assertTrue(functions > 300, "functions decoded: " + functions);
        assertEquals(List.of(), failed);
    }

    /** Section offsets of the instructions of a module's function; -1 last if decoding stopped before its end. */
    private static List<Long> starts(KernelObject o, Symbol f) {
        Section sec = o.sectionOf(f).orElseThrow();
        byte[] code = o.image().data(sec).bytes(f.value(), (int) f.size(), f.name());
        List<Long> out = new ArrayList<>();
        int p = 0;
        while (p < code.length) {
            Optional<X86Instruction> i = X86Decoder.decode(code, p, code.length);
            if (i.isEmpty()) {
                out.add(-1L);
                return out;
            }
            out.add(f.value() + p);
            p += i.get().length();
        }
        return out;
    }
}
