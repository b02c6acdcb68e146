package dev.klpscope.module.code;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
class X86DecoderSweepTest {

    private static final int R_X86_64_NONE = 0;

    /** One function of a sample: its section and bytes. */
    private record Function(Path module, ElfImage image, Symbol symbol, Section section, byte[] code) {
    }

    @Test
    void everyFunctionOfEverySampleDecodesAndEveryRelocationLandsOnAField() throws IOException {
        int[] counts = new int[2];
        for (Path m : x86Modules()) {
            sweep(m, ElfImage.open(m), counts);
        }
        assertTrue(counts[0] > 200 && counts[1] > 1000, counts[0] + " functions, " + counts[1] + " relocations");
    }

    /**
     * The same over a whole Debian 6.1 vmlinux, when the cache holds its -dbg build (kept {@code --emit-relocs}
     * relocations): 49,448 functions, hand-written assembly with VEX/EVEX forms included.
     */
    @Test
    void everyFunctionOfADebianVmlinuxDecodesWhenCached() {
        Path vmlinux = Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");
        Assumptions.assumeTrue(Files.isRegularFile(vmlinux), "Debian -dbg vmlinux 6.1.0-57 not cached");
        int[] counts = new int[2];
        sweep(vmlinux, ElfImage.open(vmlinux), counts);
        assertTrue(counts[0] > 40_000 && counts[1] > 400_000, counts[0] + " functions, " + counts[1] + " relocations");
    }

    /** Decodes every function of {@code image}; adds to {@code counts} the functions and relocations checked. */
    private static void sweep(Path file, ElfImage image, int[] counts) {
        CodeIndex index = CodeIndex.of(image);
        Map<Integer, List<long[]>> extents = new HashMap<>();
        Set<String> fields = new HashSet<>();
        for (Function f : functions(file, image)) {
            long start = index.offsetInSection(f.symbol());
            Optional<List<PlacedInstruction>> insns = X86Decoder.decodeAll(f.code(), start);
            assertTrue(insns.isPresent(), file + ": " + f.symbol().name() + " does not decode");
            List<PlacedInstruction> list = insns.get();
            assertEquals(start + f.symbol().size(), list.get(list.size() - 1).end(), file + ": " + f.symbol().name() + " ends elsewhere");
            for (PlacedInstruction i : list) {
                fields.add(f.section().index() + ":" + i.dispAt());
                fields.add(f.section().index() + ":" + i.immAt());
            }
            extents.computeIfAbsent(f.section().index(), k -> new ArrayList<>()).add(new long[] {start, start + f.symbol().size()});
            counts[0]++;
        }
        for (Map.Entry<Integer, List<long[]>> e : extents.entrySet()) {
            List<long[]> ranges = e.getValue();
            ranges.sort(Comparator.comparingLong(x -> x[0]));
            CodeIndex.Relocations rels = index.relocations(e.getKey());
            for (int k = 0; k < rels.at().length; k++) {
                long offset = rels.at()[k];
                if (rels.entry(k).type() == R_X86_64_NONE || !inside(ranges, offset)) {
                    continue; // .altinstr_replacement and the like: code without function symbols
                }
                assertTrue(fields.contains(e.getKey() + ":" + offset), file + ": relocation at "
                        + image.section(e.getKey()).name() + "+0x" + Long.toHexString(offset) + " is not on an operand field");
                counts[1]++;
            }
        }
    }

    /** Whether a sorted list of [start, end) ranges holds {@code offset}. */
    private static boolean inside(List<long[]> ranges, long offset) {
        int lo = 0;
        int hi = ranges.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ranges.get(mid)[0] <= offset) {
                if (offset < ranges.get(mid)[1]) {
                    return true;
                }
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return false;
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
            if (!s.isExecutable() || !s.occupiesFile()) {
                continue;
            }
            long start = CodeIndex.of(image).offsetInSection(f);
            out.add(new Function(m, image, f, s, image.data(s).bytes(start, (int) f.size(), f.name())));
        }
        return out;
    }
}
