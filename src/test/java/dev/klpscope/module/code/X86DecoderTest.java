package dev.klpscope.module.code;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The length decoder against the assembler: in every x86-64 module under samples/ (kbuild's gcc, the kernel's own
 * samples and selftests included), every function decodes to exactly its end, and every relocation applied to a
 * function (ordinary and livepatch ones) lands on the displacement or immediate field of a decoded instruction,
 * never inside an opcode or between instructions. A wrong length anywhere shifts every later instruction off those
 * fields. The immediates read are the bytes the file holds there, and every instruction cut short is refused.
 */
class X86DecoderTest {

    /** One function of a sample: its section and bytes. */
    private record Function(Path module, ElfImage image, Symbol symbol, Section section, byte[] code) {
    }

    @Test
    void everyFunctionOfEverySampleDecodesAndEveryRelocationLandsOnAField() throws IOException {
        int functions = 0;
        int relocations = 0;
        for (Path m : x86Modules()) {
            ElfImage image = ElfImage.open(m);
            Map<Integer, List<long[]>> extents = new HashMap<>();
            Set<String> fields = new HashSet<>();
            for (Function f : functions(m, image)) {
                Optional<List<PlacedInstruction>> insns = X86Decoder.decodeAll(f.code(), f.symbol().value());
                assertTrue(insns.isPresent(), m + ": " + f.symbol().name() + " does not decode");
                List<PlacedInstruction> list = insns.get();
                assertEquals(f.symbol().value() + f.symbol().size(), list.get(list.size() - 1).end(),
                        m + ": " + f.symbol().name() + " ends elsewhere");
                for (PlacedInstruction i : list) {
                    fields.add(f.section().index() + ":" + i.dispAt());
                    fields.add(f.section().index() + ":" + i.immAt());
                }
                extents.computeIfAbsent(f.section().index(), k -> new ArrayList<>())
                        .add(new long[] {f.symbol().value(), f.symbol().value() + f.symbol().size()});
                functions++;
            }
            CodeIndex index = CodeIndex.of(image);
            for (Map.Entry<Integer, List<long[]>> e : extents.entrySet()) {
                long[] at = index.relocations(e.getKey()).at();
                for (long offset : at) {
                    if (e.getValue().stream().noneMatch(x -> offset >= x[0] && offset < x[1])) {
                        continue; // .altinstr_replacement and the like: code without function symbols
                    }
                    assertTrue(fields.contains(e.getKey() + ":" + offset), m + ": relocation at "
                            + image.section(e.getKey()).name() + "+0x" + Long.toHexString(offset) + " is not on an operand field");
                    relocations++;
                }
            }
        }
        assertTrue(functions > 200 && relocations > 1000, functions + " functions, " + relocations + " relocations");
    }

    @Test
    void immediatesAreTheFilesBytesAndCutInstructionsAreRefused() throws IOException {
        int immediates = 0;
        int cut = 0;
        for (Path m : x86Modules()) {
            ElfImage image = ElfImage.open(m);
            for (Function f : functions(m, image)) {
                ByteReader bytes = image.data(f.section());
                for (PlacedInstruction i : X86Decoder.decodeAll(f.code(), f.symbol().value()).orElseThrow()) {
                    X86Instruction insn = i.insn();
                    if (insn.immSize() == 1 || insn.immSize() == 2 || insn.immSize() == 4 || insn.immSize() == 8) {
                        long expected = switch (insn.immSize()) {
                            case 1 -> (byte) bytes.u8(i.immAt(), "imm8");
                            case 2 -> (short) bytes.u16(i.immAt(), "imm16");
                            case 4 -> bytes.s32(i.immAt(), "imm32");
                            default -> bytes.u64(i.immAt(), "imm64");
                        };
                        assertEquals(expected, insn.imm(), m + ": " + f.symbol().name() + "+0x"
                                + Long.toHexString(i.offset() - f.symbol().value()));
                        immediates++;
                    }
                    int at = (int) (i.offset() - f.symbol().value());
                    assertTrue(X86Decoder.decode(f.code(), at, at + insn.length() - 1).isEmpty(),
                            m + ": " + f.symbol().name() + "+0x" + Integer.toHexString(at) + " decodes without its last byte");
                    cut++;
                }
            }
        }
        assertTrue(immediates > 1000 && cut > 10000, immediates + " immediates, " + cut + " instructions cut");
    }

    private static List<Path> x86Modules() throws IOException {
        try (Stream<Path> files = Files.walk(SampleFiles.root())) {
            // samples/broken/ holds files damaged on purpose (some unreadable); every other module is a real build
            return files.filter(p -> p.toString().endsWith(".ko") && !p.startsWith(SampleFiles.root().resolve("broken")))
                    .sorted().filter(p -> ElfImage.open(p).header().machine() == Machines.EM_X86_64).toList();
        }
    }

    private static List<Function> functions(Path m, ElfImage image) {
        List<Function> out = new ArrayList<>();
        for (Symbol f : image.symbols()) {
            if (!f.isFunction() || f.isUndefined() || f.size() == 0 || f.sectionIndex() >= image.sections().size()) {
                continue;
            }
            Section s = image.section(f.sectionIndex());
            out.add(new Function(m, image, f, s, image.data(s).bytes(f.value(), (int) f.size(), f.name())));
        }
        return out;
    }
}
