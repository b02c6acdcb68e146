package dev.klpscope.realkernels;

import dev.klpscope.SampleFiles;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.load.Loading;
import dev.klpscope.module.types.LayoutChange;
import dev.klpscope.module.types.LayoutDiff;
import dev.klpscope.module.types.Layouts;
import dev.klpscope.module.types.TypeLayout;
import dev.klpscope.module.types.dwarf.DwarfFile;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.Reports;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An enum whose values changed inside Debian's 6.1 series, reached from a variable's type: between 6.1.0-47
 * (6.1.170) and 6.1.0-50 (6.1.176) {@code enum cpuhp_state} lost {@code CPUHP_PADATA_DEAD} (39), so every later
 * constant is one less ({@code CPUHP_AP_DTPM_CPU_DEAD} 40 → 39, ... 151 of them); the per-CPU {@code cpuhp_state}
 * (struct cpuhp_cpu_state, include/linux/cpuhotplug.h; kernel/cpu.c) keeps it in {@code state}, {@code target},
 * {@code fail} and {@code cb_state}, at the same offsets and size. A patch built on 47 that compares {@code st->state}
 * with a constant tests another hotplug step on 50. The expected constants are bpftool's raw dump of each vmlinux's
 * BTF, never klpscope's. Runs where the cache has both -dbg vmlinux files (scripts/fetch-dbg-vmlinux.sh).
 */
class EnumValuesTest {

    static final Path CACHE = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"));
    static final Path V47 = CACHE.resolve("dbg/6.1.0-47/vmlinux");
    static final Path V50 = CACHE.resolve("dbg/6.1.0-50/vmlinux");

    /**
     * The patch derived from the real vmlinux sample's: its {@code .klp.sym.vmlinux.core_pattern,0} renamed in place to
     * {@code .klp.sym.vmlinux.cpuhp_state,0} (a derived input: no sample patch reads cpuhp_state). On 50 the
     * finding is {@code silent} and names the first three constants bpftool shows changed and counts the rest.
     */
    @Test
    void cpuhpStateValuesShiftedBetween47And50(@TempDir Path dir) throws Exception {
        assumeInputs();
        List<String> expected = changes(bpftoolEnum(V47, "cpuhp_state"), bpftoolEnum(V50, "cpuhp_state"));
        assertEquals("`CPUHP_AP_DTPM_CPU_DEAD` 40 → 39", expected.get(0), "bpftool: the first constant after the removed one");
        assertEquals("constant `CPUHP_PADATA_DEAD` (= 39) removed", expected.get(expected.size() - 1));
        byte[] patch = dev.klpscope.DerivedInputs.renamed(Files.readAllBytes(SampleFiles.path("vmlinux/vmlinux_lp.ko")),
                ".klp.sym.vmlinux.core_pattern,0", ".klp.sym.vmlinux.cpuhp_state,0");
        Path lp = Files.write(dir.resolve("vmlinux_lp.ko"), patch);
        Inspection in = Loading.inspect(lp, List.of(V47, V50), List.of(V47));
        Target t = in.targets().stream().filter(x -> x.symbol().equals("cpuhp_state")).findFirst().orElseThrow();
        List<Finding> on50 = t.verdictFor(V50.toString()).orElseThrow().findings().stream()
                .filter(f -> f.check().equals("var-layout")).toList();
        assertEquals(1, on50.size(), on50.toString());
        assertEquals(Severity.SILENT, on50.get(0).severity());
        String words = "enum `cpuhp_state`: " + String.join(", ", expected.subList(0, LayoutChange.EnumChanged.LISTED))
                + ", and " + (expected.size() - LayoutChange.EnumChanged.LISTED) + " more constants changed";
        String message = on50.get(0).message();
        assertTrue(message.startsWith("variable 'cpuhp_state' (struct cpuhp_cpu_state) has another layout here than in the "
                + "baseline the patch was built against") && message.endsWith("): " + words), message);
        assertTrue(t.verdictFor(V47.toString()).orElseThrow().findings().stream().noneMatch(f -> f.check().equals("var-layout")));
        reports(in, expected);
    }

    /**
     * The JSON carries the change as {@code enum-values} with every constant bpftool shows changed, valid against
     * docs/klpscope-report.schema.json; the Markdown's members line under the finding names the enum's first three.
     */
    private static void reports(Inspection in, List<String> expected) throws Exception {
        String json = Reports.render(in, ReportFormat.JSON);
        try (java.io.InputStream schema = Files.newInputStream(Path.of("docs", "klpscope-report.schema.json"))) {
            assertEquals(List.of(), SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema)
                    .validate(json, InputFormat.JSON).stream().map(Object::toString).toList());
        }
        JsonNode change = null;
        for (JsonNode f : new ObjectMapper().readTree(json).findValues("typeLayout")) {
            for (JsonNode c : f.get("changes")) {
                change = c.get("kind").asText().equals("enum-values") ? c : change;
            }
        }
        assertTrue(change != null, "an enum-values change in the JSON");
        assertEquals("enum cpuhp_state", change.get("enum").asText());
        assertEquals("state", change.get("member").asText());
        List<String> constants = new ArrayList<>();
        for (JsonNode c : change.get("constants")) {
            constants.add(c.get("from").isNull() ? "new constant `" + c.get("name").asText() + "` = " + c.get("to").asText()
                    : c.get("to").isNull() ? "constant `" + c.get("name").asText() + "` (= " + c.get("from").asText() + ") removed"
                    : "`" + c.get("name").asText() + "` " + c.get("from").asText() + " → " + c.get("to").asText());
        }
        assertEquals(expected, constants);
        List<String> md = Reports.render(in, ReportFormat.MARKDOWN).lines().filter(l -> l.startsWith("  - members: ")).toList();
        assertEquals(List.of("  - members: enum `cpuhp_state`: " + String.join(", ", expected.subList(0, 3)) + ", and "
                + (expected.size() - 3) + " more constants changed"), md);
    }

    /**
     * The same variable from each build's DWARF ({@code DW_TAG_enumerator}, {@code DW_AT_const_value}): its enum's
     * constants are bpftool's of the same build's BTF, and the change between the builds is every one bpftool shows.
     */
    @Test
    void cpuhpStateFromDwarfHasBpftoolsValues() throws Exception {
        assumeInputs();
        Map<String, String> before = bpftoolEnum(V47, "cpuhp_state");
        Map<String, String> after = bpftoolEnum(V50, "cpuhp_state");
        TypeLayout l47 = dwarfLayout(V47);
        TypeLayout l50 = dwarfLayout(V50);
        assertEquals(before, constants(l47));
        assertEquals(after, constants(l50));
        List<LayoutChange> diff = LayoutDiff.compare(l47, l50);
        assertEquals(1, diff.size(), LayoutDiff.summary(diff));
        LayoutChange.EnumChanged e = (LayoutChange.EnumChanged) diff.get(0);
        assertEquals("state", e.enumValues().member(), "the first member of the enum's type");
        assertEquals(changes(before, after), e.constants().stream()
                .map(c -> c.describe(LayoutChange.CODE, s -> s)).toList());
    }

    private static void assumeInputs() {
        Assumptions.assumeTrue(Files.isRegularFile(V47) && Files.isRegularFile(V50), "no -dbg vmlinux of 6.1.0-47 and -50 in the cache");
        Assumptions.assumeTrue(bpftool(), "bpftool is not installed");
    }

    private static TypeLayout dwarfLayout(Path vmlinux) {
        ElfImage image = ElfImage.open(vmlinux);
        long at = image.symbols().stream().filter(s -> s.name().equals("cpuhp_state")).findFirst().orElseThrow().value();
        DwarfFile.Typed v = DwarfFile.of(image).orElseThrow().variableAt("cpuhp_state", at).orElseThrow();
        return Layouts.of(v.types(), v.type());
    }

    private static Map<String, String> constants(TypeLayout l) {
        TypeLayout.EnumValues e = l.enums().stream().filter(x -> x.type().equals("enum cpuhp_state")).findFirst().orElseThrow();
        Map<String, String> out = new LinkedHashMap<>();
        e.constants().forEach(c -> out.put(c.name(), c.value()));
        return out;
    }

    /**
     * bpftool's changes in var-layout's words: in the newer build's order each constant whose value differs or that is
     * new, then each the newer lacks.
     */
    static List<String> changes(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        after.forEach((name, value) -> {
            if (!before.containsKey(name)) {
                out.add("new constant `" + name + "` = " + value);
            } else if (!before.get(name).equals(value)) {
                out.add("`" + name + "` " + before.get(name) + " → " + value);
            }
        });
        before.forEach((name, value) -> {
            if (!after.containsKey(name)) {
                out.add("constant `" + name + "` (= " + value + ") removed");
            }
        });
        return out;
    }

    private static final Pattern VALUE = Pattern.compile("\t'(\\w+)' val=(-?\\d+)(?:U?LL)?");

    /** The constants of the enum {@code name} in {@code bpftool btf dump file VMLINUX format raw}, in order. */
    static Map<String, String> bpftoolEnum(Path vmlinux, String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bpftool", "btf", "dump", "file", vmlinux.toString(), "format", "raw")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, String> out = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            boolean inside = false;
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith("\t")) {
                    inside = out.isEmpty() && line.matches("\\[\\d+] ENUM(64)? '" + name + "' .*");
                } else if (inside) {
                    Matcher m = VALUE.matcher(line);
                    assertTrue(m.matches(), line);
                    out.put(m.group(1), m.group(2));
                }
            }
        }
        assertEquals(0, p.waitFor(), "bpftool on " + vmlinux);
        assertTrue(out.size() > 100, "bpftool: enum " + name + " of " + vmlinux + ": " + out.size() + " constants");
        return out;
    }

    private static boolean bpftool() {
        try {
            return new ProcessBuilder("bpftool", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
