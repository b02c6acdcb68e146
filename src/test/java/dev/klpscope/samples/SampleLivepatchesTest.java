package dev.klpscope.samples;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The samples are what they claim to be: every reference a livepatch's {@code klp-convert.spec} asks for is a
 * real klp relocation ({@code .klp.rela.*} with {@code SHF_RELA_LIVEPATCH}, symbol with {@code SHN_LIVEPATCH}),
 * and the README, the scenario table and the kernel's recorded verdicts name the same scenarios.
 */
class SampleLivepatchesTest {

    @TestFactory
    List<DynamicTest> everyConvertedReferenceIsARealKlpRelocation() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> patches = SampleFiles.scenarios().stream().map(SampleFiles.Scenario::patch).collect(Collectors.toSet());
        for (String patch : patches) {
            Path ko = SampleFiles.path(patch);
            String stem = ko.getFileName().toString().replace(".ko", "");
            Path spec = SampleFiles.root().resolve("src").resolve(ko.getParent().getFileName()).resolve(stem).resolve("klp-convert.spec");
            List<String[]> refs = specLines(spec);
            tests.add(DynamicTest.dynamicTest(patch, () -> {
                ElfImage image = ElfImage.open(ko);
                List<Section> klp = image.sections().stream().filter(s -> s.name().startsWith(".klp.rela.")).toList();
                for (Section s : klp) {
                    assertTrue(s.hasFlag(Section.SHF_RELA_LIVEPATCH), s.name() + " lacks SHF_RELA_LIVEPATCH");
                    assertEquals("AIo", s.flagLetters(), s.name());
                    assertEquals(Section.SHT_RELA, s.type(), s.name());
                }
                Set<String> klpSymbols = image.symbols().stream().filter(Symbol::isLivepatch).map(Symbol::name)
                        .collect(Collectors.toSet());
                for (String[] ref : refs) {
                    String object = ref[1].replace('-', '_'); // the converter writes runtime names
                    String name = ref.length > 3 ? ref[3] : ref[0];
                    String expected = ".klp.sym." + object + "." + name + "," + ref[2];
                    assertTrue(klpSymbols.contains(expected), patch + " lacks " + expected + " (has " + klpSymbols + ")");
                    assertTrue(klp.stream().anyMatch(s -> s.name().startsWith(".klp.rela." + ownerObject(object, klp) + ".")),
                            patch + " has no .klp.rela section for " + object);
                }
                assertEquals(!refs.isEmpty(), !klp.isEmpty(), patch + ": klp sections present iff the spec converts references");
            }));
        }
        return tests;
    }

    /** A cross-module reference sits in the section of the object being patched; fall back to any section. */
    private static String ownerObject(String object, List<Section> klp) {
        return klp.stream().anyMatch(s -> s.name().startsWith(".klp.rela." + object + ".")) ? object
                : klp.get(0).name().substring(".klp.rela.".length()).split("\\.")[0];
    }

    private static List<String[]> specLines(Path spec) throws IOException {
        if (!Files.exists(spec)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(spec)) {
            return lines.map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.split("\\s+")).toList();
        }
    }

    @Test
    void readmeScenariosTableAndKernelRecordAgree() throws IOException {
        Set<String> table = SampleFiles.scenarios().stream().map(SampleFiles.Scenario::scenario).collect(Collectors.toCollection(TreeSet::new));
        Set<String> kernel = SampleFiles.kernelVerdicts().stream().map(SampleFiles.KernelVerdict::scenario)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> readme = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^## (\\S+)\\s*$").matcher(Files.readString(SampleFiles.root().resolve("README.md")));
        while (m.find()) {
            if (table.contains(m.group(1))) {
                readme.add(m.group(1));
            }
        }
        assertFalse(table.isEmpty());
        assertEquals(table, readme, "every scenario in scenarios.tsv has a README section");
        assertEquals(table, kernel, "every scenario has recorded kernel verdicts");
        for (SampleFiles.Scenario s : SampleFiles.scenarios()) {
            assertTrue(SampleFiles.kernelVerdicts().stream().anyMatch(k -> k.patch().equals(s.patch()) && k.candidate().equals(s.candidate())),
                    "no kernel verdict for " + s.patch() + " x " + s.candidate());
        }
    }
}
