package dev.klpscope.livepatch;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Symbol;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The length decoder against the assembler: in every x86-64 module under samples/ (kbuild's gcc, the kernel's own
 * samples and selftests included), every function decodes to exactly its end, and every relocation applied to a
 * function lands on the displacement or immediate field of a decoded instruction, never inside an opcode or between
 * instructions. A wrong length anywhere shifts every later instruction off those fields.
 */
class X86InstructionsTest {

    @Test
    void everyFunctionOfEverySampleDecodesAndEveryRelocationLandsOnAField() throws IOException {
        List<Path> modules;
        try (Stream<Path> files = Files.walk(SampleFiles.root())) {
            // samples/broken/ holds files damaged on purpose (some unreadable); every other module is a real build
            modules = files.filter(p -> p.toString().endsWith(".ko") && !p.startsWith(SampleFiles.root().resolve("broken")))
                    .sorted().toList();
        }
        int functions = 0;
        int relocations = 0;
        for (Path m : modules) {
            ElfImage image = ElfImage.open(m);
            if (image.header().machine() != Machines.EM_X86_64) {
                continue;
            }
            ModuleCode code = new ModuleCode(image);
            Set<String> fields = new HashSet<>();
            for (Symbol f : image.symbols()) {
                if (!f.isFunction() || f.isUndefined() || f.size() == 0 || f.sectionIndex() >= Symbol.SHN_LORESERVE) {
                    continue;
                }
                Optional<List<X86Instructions.Insn>> insns = code.instructions(f);
                assertTrue(insns.isPresent(), m + ": " + f.name() + " does not decode");
                List<X86Instructions.Insn> list = insns.get();
                assertEquals(f.value() + f.size(), list.get(list.size() - 1).end(), m + ": " + f.name() + " ends elsewhere");
                for (X86Instructions.Insn i : list) {
                    fields.add(f.sectionIndex() + ":" + i.dispAt());
                    fields.add(f.sectionIndex() + ":" + i.immAt());
                }
                functions++;
            }
            for (ModuleCode.CodeRelocation r : code.relocations()) {
                if (code.function(r.section(), r.relocation().offset()).isEmpty()) {
                    continue; // .altinstr_replacement and the like: code without function symbols
                }
                assertTrue(fields.contains(r.section() + ":" + r.relocation().offset()),
                        m + ": relocation at " + code.section(r.section()).name() + "+0x"
                                + Long.toHexString(r.relocation().offset()) + " is not on an operand field");
                relocations++;
            }
        }
        assertTrue(functions > 200 && relocations > 1000, functions + " functions, " + relocations + " relocations");
    }
}
