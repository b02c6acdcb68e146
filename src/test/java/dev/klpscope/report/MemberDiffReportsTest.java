package dev.klpscope.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klpscope.SampleFiles;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.TypeComparison;
import dev.klpscope.load.Loading;
import dev.klpscope.module.types.BtfFiles;
import dev.klpscope.module.types.Btf;
import dev.klpscope.module.types.LayoutDiff;
import dev.klpscope.module.types.Layouts;
import dev.klpscope.module.types.TypeLayout;
import dev.klpscope.report.image.ReviewImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The structured layouts of a {@code var-layout} finding in the JSON and the compact member diff in the Markdown and
 * the review image, on the varlayout sample (samples/src/varlayout: v1 declares {@code hits, misses}, v2
 * {@code misses, hits}, both {@code unsigned long}, so each moves by 8 bytes); the bound on the diff's length on
 * Debian's {@code struct rcu_data} of 6.1 against 6.12, which differ in dozens of members.
 */
class MemberDiffReportsTest {

    static final Path PATCH = SampleFiles.path("kernels/6.12/varlayout/varlayout_lp.ko");
    static final Path V1 = SampleFiles.path("kernels/6.12/varlayout/v1/foo.ko");
    static final Path V2 = SampleFiles.path("kernels/6.12/varlayout/v2/foo.ko");
    static final Path CACHE = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"));
    static final Path VMLINUX = CACHE.resolve("vmlinux-6.12.95+deb12-amd64");
    static final Path VMLINUX_61 = CACHE.resolve("dbg/6.1.0-57/vmlinux");

    static Inspection in;

    @BeforeAll
    static void inspect() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        in = Loading.inspect(PATCH, List.of(V1, V2), List.of(V1), Optional.empty(), false, Optional.of(VMLINUX));
    }

    @Test
    void theJsonCarriesBothLayoutsAndTheChanges() throws Exception {
        JsonNode root = new ObjectMapper().readTree(Reports.render(in, ReportFormat.JSON));
        List<JsonNode> layouts = new ArrayList<>();
        for (JsonNode t : root.get("targets")) {
            for (JsonNode v : t.get("verdicts")) {
                for (JsonNode f : v.get("findings")) {
                    if (f.has("typeLayout")) {
                        assertEquals("foo_stats", t.get("symbol").asText());
                        assertTrue(v.get("candidate").asText().endsWith("v2/foo.ko"), v.get("candidate").asText());
                        layouts.add(f.get("typeLayout"));
                    }
                }
            }
        }
        assertEquals(1, layouts.size(), "v2 only: v1 is the baseline");
        JsonNode l = layouts.get(0);
        assertEquals("the patch's own BTF, the layout its code was compiled against", l.get("reference").asText());
        assertEquals(List.of("struct foo_stats", "struct foo_stats"), List.of(l.get("referenceLayout").get("type").asText(),
                l.get("candidateLayout").get("type").asText()));
        // BTF names the base type as the compiler's DWARF does: "long unsigned int" for unsigned long
        assertEquals(List.of("hits@0:8 long unsigned int", "misses@64:8 long unsigned int"), members(l.get("referenceLayout")));
        assertEquals(List.of("misses@0:8 long unsigned int", "hits@64:8 long unsigned int"), members(l.get("candidateLayout")));
        List<String> changes = new ArrayList<>();
        l.get("changes").forEach(c -> changes.add(c.get("kind").asText() + " " + c.get("member").asText()));
        assertEquals(List.of("moved misses", "moved hits"), changes);
        VariableLayoutReportsTest.validJson(in);
    }

    private static List<String> members(JsonNode layout) {
        List<String> out = new ArrayList<>();
        layout.get("members").forEach(m -> out.add(m.get("path").asText() + "@" + m.get("bitOffset").asLong() + ":"
                + m.get("size").asLong() + " " + m.get("type").asText()));
        return out;
    }

    @Test
    void theMarkdownListsTheMembersUnderTheFinding() {
        List<String> lines = Reports.render(in, ReportFormat.MARKDOWN).lines().toList();
        int finding = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("`var-layout`") && lines.get(i).contains("silent")) {
                finding = i;
            }
        }
        assertTrue(finding >= 0, String.join("\n", lines));
        assertEquals("  - members: `misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8", lines.get(finding + 1));
    }

    @Test
    void theReviewImageHasTheMembersUnderTheBreakingPair() {
        List<String> texts = ReviewImage.layout(in).texts();
        int pair = -1;
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).startsWith("foo:foo_stats,0 on v2")) {
                pair = i;
            }
        }
        assertTrue(pair >= 0, String.join("\n", texts));
        int members = pair + 1;
        while (members < texts.size() && !texts.get(members).startsWith("members: ")) {
            members++; // the pair's own line may wrap
        }
        assertTrue(members < texts.size(), String.join("\n", texts));
        assertEquals("members: `misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8", texts.get(members));
        List<ReviewSheet.Line> sheet = ReviewSheet.of(in);
        assertEquals(1, sheet.stream().filter(l -> l.style() == ReviewSheet.Style.MEMBERS).count(), "one breaking variable");
    }

    /**
     * Real types that differ in many members: the diff stops within its bound, counts what it left out, and never
     * cuts an item.
     */
    @Test
    void aLongDiffIsBoundedAndCountsTheRest() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX_61), "no 6.1.0-57 -dbg vmlinux in the cache");
        TypeLayout before = layout(VMLINUX_61, "rcu_data");
        TypeLayout after = layout(VMLINUX, "rcu_data");
        var changes = LayoutDiff.compare(before, after);
        assertTrue(changes.size() > 10, changes.toString());
        TypeComparison.LayoutPair pair = new TypeComparison.LayoutPair("the baseline", before, after, changes);
        String all = MemberDiff.compact(pair, MemberDiff.Format.PLAIN, Integer.MAX_VALUE);
        String bounded = MemberDiff.compact(pair, MemberDiff.Format.PLAIN);
        assertTrue(all.length() > MemberDiff.MAX_CHARS, all);
        assertTrue(bounded.length() <= MemberDiff.MAX_CHARS, bounded.length() + ": " + bounded);
        int shown = bounded.split("; ").length - 1;
        String tail = bounded.substring(bounded.lastIndexOf("; ") + 2);
        assertTrue(tail.matches("… \\d+ more"), tail);
        assertEquals(all.split("; ").length, shown + Integer.parseInt(tail.replaceAll("\\D", "")), bounded);
        assertTrue(all.startsWith(bounded.substring(0, bounded.lastIndexOf("; "))), "whole items, in order");
    }

    private static TypeLayout layout(Path vmlinux, String variable) {
        Btf btf = BtfFiles.base(vmlinux);
        return Layouts.of(btf, btf.variable(variable).orElseThrow().type());
    }
}
