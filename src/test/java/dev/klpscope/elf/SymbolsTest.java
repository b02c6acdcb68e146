package dev.klpscope.elf;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The symbol table read field by field from the string table's bytes ({@link Symbols}, {@link NameIndex}) answers
 * exactly as the decoded names do: on kbuild modules, on the derived broken modules whose names run past their
 * string table (strtab-trailing-nul, strtab-name-range), and on Debian's -dbg vmlinux when cached. The expected
 * values come from {@code String} operations on each decoded name, not from the byte-level code under test.
 */
class SymbolsTest {

    @ParameterizedTest
    @ValueSource(strings = {"samples/seed/seed_lp1.ko", "samples/seed/v1/foo.ko", "samples/sympos/v3/foo.ko",
            "samples/broken/strtab-trailing-nul.ko", "samples/broken/strtab-name-range.ko",
            "samples/broken/strtab-leading-nul.ko", "/var/cache/klpscope/dbg/6.1.0-57/vmlinux"})
    void byteLevelAnswersAreTheDecodedNames(String file) {
        Path path = Path.of(file);
        Assumptions.assumeTrue(Files.isRegularFile(path), file + " not cached");
        Symbols symbols = ElfImage.open(path).symbols();
        assertTrue(symbols.size() > 20, "a real symbol table");
        int odd = 0;
        for (int i = 0; i < symbols.size(); i++) {
            Symbol s = symbols.get(i);
            String name = s.name();
            odd += name.startsWith("<symbol ") ? 1 : 0;
            assertEquals(i, s.index());
            assertEquals(name, symbols.name(i));
            assertEquals(name.hashCode(), symbols.nameHash(i), name);
            assertEquals(name.isEmpty(), symbols.nameIsEmpty(i), name);
            assertTrue(symbols.nameIs(i, name), name);
            assertFalse(symbols.nameIs(i, name + "x"), name);
            assertEquals(s.info(), symbols.info(i));
            assertEquals(s.sectionIndex(), symbols.sectionIndex(i));
            assertEquals(s.value(), symbols.value(i));
            for (int cut : new int[] {0, 1, name.length() / 2, name.length()}) {
                if (cut <= name.length()) {
                    assertTrue(symbols.nameStartsWith(i, name.substring(0, cut)), name + " / " + cut);
                }
            }
            assertFalse(symbols.nameStartsWith(i, name + "."), name);
            if (!name.isEmpty()) {
                assertFalse(symbols.nameIs(i, name.substring(1)), name);
            }
        }
        if (file.contains("strtab-trailing-nul") || file.contains("strtab-name-range")) {
            assertTrue(odd > 0 || file.contains("trailing"), "the derived file keeps its odd name: " + file);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"samples/sympos/v3/foo.ko", "/var/cache/klpscope/dbg/6.1.0-57/vmlinux"})
    void theIndexFindsWhatAScanFinds(String file) {
        Path path = Path.of(file);
        Assumptions.assumeTrue(Files.isRegularFile(path), file + " not cached");
        Symbols symbols = ElfImage.open(path).symbols();
        NameIndex index = new NameIndex(symbols.size(), i -> !symbols.nameIsEmpty(i), symbols::nameHash);
        Map<String, List<Integer>> scan = new LinkedHashMap<>(); // by the decoded names, in file order
        for (int j = 0; j < symbols.size(); j++) {
            String name = symbols.get(j).name();
            if (!name.isEmpty()) {
                scan.computeIfAbsent(name, k -> new ArrayList<>()).add(j);
            }
        }
        int repeated = 0;
        for (Map.Entry<String, List<Integer>> e : scan.entrySet()) {
            String name = e.getKey();
            repeated += e.getValue().size() > 1 ? 1 : 0;
            assertArrayEquals(e.getValue().stream().mapToInt(Integer::intValue).toArray(),
                    index.find(name, j -> symbols.nameIs(j, name)), name);
        }
        assertEquals(0, index.find("no such symbol anywhere", j -> symbols.nameIs(j, "no such symbol anywhere")).length);
        assertTrue(repeated > 0, "same-named statics are found in file order (sympos)");
    }
}
