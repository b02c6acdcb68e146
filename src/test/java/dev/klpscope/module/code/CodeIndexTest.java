package dev.klpscope.module.code;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CodeIndex#functionAt} and {@link CodeIndex#relocationAt} against a plain walk of the symbol table and the
 * relocation sections of every real module under samples/ (every machine), at every relocated place of their code,
 * and one byte before and after each function.
 */
class CodeIndexTest {

    @Test
    void functionAndRelocationAtEveryRelocatedPlaceOfEverySample() throws IOException {
        List<Path> modules;
        try (Stream<Path> files = Files.walk(SampleFiles.root())) {
            modules = files.filter(p -> p.toString().endsWith(".ko") && !p.startsWith(SampleFiles.root().resolve("broken")))
                    .sorted().toList();
        }
        int inFunctions = 0;
        int outside = 0;
        for (Path m : modules) {
            ElfImage image = ElfImage.open(m);
            CodeIndex index = CodeIndex.of(image);
            for (Section rs : image.sections()) {
                if (!rs.isRelocation() || rs.isDebug() || rs.info() <= 0 || rs.info() >= image.sections().size()
                        || !image.section((int) rs.info()).isExecutable()) {
                    continue;
                }
                int target = (int) rs.info();
                for (Relocation r : image.relocations(rs)) {
                    Optional<Symbol> expected = walk(image, target, r.offset());
                    assertEquals(expected, index.functionAt(target, r.offset()), m + " " + rs.name() + "+0x" + Long.toHexString(r.offset()));
                    assertTrue(index.relocationAt(target, r.offset()).isPresent(), m + " " + rs.name());
                    if (expected.isPresent()) {
                        inFunctions++;
                    } else {
                        outside++;
                    }
                }
            }
            for (Symbol f : image.symbols()) {
                if (f.isFunction() && !f.isUndefined() && f.sectionIndex() < Symbol.SHN_LORESERVE) {
                    for (long at : new long[] {f.value() - 1, f.value(), f.value() + Math.max(f.size(), 1)}) {
                        assertEquals(walk(image, f.sectionIndex(), at), index.functionAt(f.sectionIndex(), at), m + " " + f.name());
                    }
                }
            }
        }
        assertTrue(inFunctions > 1000 && outside > 0, inFunctions + " in functions, " + outside + " outside");
    }

    /** The first function symbol, by value then symbol-table order, whose extent (at least one byte) holds the offset. */
    private static Optional<Symbol> walk(ElfImage image, int section, long offset) {
        return image.symbols().stream()
                .filter(s -> s.isFunction() && !s.isUndefined() && s.sectionIndex() == section
                        && offset >= s.value() && offset < s.value() + Math.max(s.size(), 1))
                .min(java.util.Comparator.comparingLong(Symbol::value).thenComparingInt(Symbol::index));
    }
}
