package dev.klpscope.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.klpscope.SampleFiles;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;
import dev.klpscope.check.TypeComparison;
import dev.klpscope.load.Loading;
import dev.klpscope.module.types.BtfFiles;
import dev.klpscope.module.types.Btf;
import dev.klpscope.module.types.LayoutChange;
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

    /** Two swapped members: the finding's line counts the changes, the members line under it names them, once. */
    @Test
    void theMarkdownListsTheMembersUnderTheFinding() {
        List<String> lines = Reports.render(in, ReportFormat.MARKDOWN).lines().toList();
        int finding = varLayoutLine(lines);
        assertTrue(lines.get(finding).contains("has another layout here than in the patch's own BTF, the layout its code "
                + "was compiled against (layouts from "), lines.get(finding));
        assertTrue(lines.get(finding).endsWith(".BTF VAR): 2 changes"), lines.get(finding));
        assertEquals("  - members: `misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8", lines.get(finding + 1));
        assertEquals(1, lines.stream().filter(l -> l.contains("0x8 → 0x0")).count(), String.join("\n", lines));
    }

    @Test
    void theReviewImageHasTheMembersUnderTheBreakingPair() {
        List<String> texts = ReviewImage.layout(in).texts();
        int members = membersLine(texts);
        assertTrue(texts.get(members - 1).endsWith(".BTF VAR): 2 changes"), String.join("\n", texts));
        assertEquals("members: `misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8", texts.get(members));
        assertEquals(1, texts.stream().filter(l -> l.contains("0x8 → 0x0")).count(), String.join("\n", texts));
        List<ReviewSheet.Line> sheet = ReviewSheet.of(in);
        assertEquals(1, sheet.stream().filter(l -> l.style() == ReviewSheet.Style.MEMBERS).count(), "one breaking variable");
    }

    /** The index of the members line under foo_stats' pair on v2 (the pair's own line may wrap). */
    private static int membersLine(List<String> texts) {
        int pair = -1;
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).startsWith("foo:foo_stats,0 on v2")) {
                pair = i;
            }
        }
        assertTrue(pair >= 0, String.join("\n", texts));
        int members = pair + 1;
        while (members < texts.size() && !texts.get(members).startsWith("members: ")) {
            members++;
        }
        assertTrue(members < texts.size(), String.join("\n", texts));
        return members;
    }

    /**
     * Debian's {@code struct rcu_data} of 6.1.0-57 against 6.12 put in place of foo_stats' layouts in the sample's
     * finding (real layouts, a grafted finding: no sample variable changes in more than two members): the finding's
     * own list of changes runs past a thousand characters; the Markdown and the review image count them on the finding's line
     * and list them under it within the diff's bound.
     */
    @Test
    void aDiffTheMessageCutsIsListedUnderTheBreakingVariable() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX_61), "no 6.1.0-57 -dbg vmlinux in the cache");
        Inspection grafted = withLayouts(in, layout(VMLINUX_61, "rcu_data"), layout(VMLINUX, "rcu_data"));

        List<String> lines = Reports.render(grafted, ReportFormat.MARKDOWN).lines().toList();
        int finding = varLayoutLine(lines);
        // rcu_data's changes: its size, 14 new members, 4 removed, 1 moved (cpu)
        assertTrue(lines.get(finding).endsWith("): 20 changes"), lines.get(finding));
        String md = lines.get(finding + 1);
        assertTrue(md.startsWith("  - members: size 896 → 960 bytes; `watching_snap`: new at 0x110 (int); "), md);
        assertTrue(md.matches(".*; and \\d+ more"), md);
        assertTrue(md.length() < MemberDiff.MAX_CHARS + 40, md);
        assertEquals(1, lines.stream().filter(l -> l.contains("members:")).count(), "one breaking variable");
        // where the window's card keeps a short list and counts a long one
        Finding rcu = layoutFinding(grafted);
        assertTrue(MemberDiff.message(rcu, MemberDiff.MAX_CHARS).endsWith(".BTF VAR): 20 changes"), rcu.message());
        Finding swapped = layoutFinding(in);
        assertEquals(swapped.message(), MemberDiff.message(swapped, MemberDiff.MAX_CHARS));

        List<String> texts = ReviewImage.layout(grafted).texts();
        int members = membersLine(texts);
        assertTrue(texts.get(members - 1).endsWith("20 changes"), String.join("\n", texts));
        // a few lines at most, the last one counting what was left out, and nothing else of the pair after it
        int end = members + 1;
        while (end < texts.size() && !texts.get(end).startsWith("Targets:") && !texts.get(end).startsWith("kernel:")) {
            end++;
        }
        assertTrue(end - members <= 3, texts.subList(members, end).toString());
        assertTrue(texts.get(end - 1).matches(".*and \\d+ more"), texts.subList(members, end).toString());
        assertTrue(ReviewImage.layout(grafted).width() <= ReviewImage.MAX_WIDTH);
        assertEquals(1, ReviewSheet.of(grafted).stream().filter(l -> l.style() == ReviewSheet.Style.MEMBERS).count());
        // the same items in both, the Markdown's paths as code spans
        String image = String.join(" ", texts.subList(members, end)).substring("members: ".length());
        assertEquals(md.substring("  - members: ".length()).replace("\\", ""), image);
    }

    private static Finding layoutFinding(Inspection in) {
        return in.targets().stream().flatMap(t -> t.verdicts().stream()).flatMap(v -> v.findings().stream())
                .filter(f -> f instanceof Finding.VariableLayoutChanged).findFirst().orElseThrow();
    }

    private static int varLayoutLine(List<String> lines) {
        int finding = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("`var-layout`") && lines.get(i).contains("silent")) {
                finding = i;
            }
        }
        assertTrue(finding >= 0, String.join("\n", lines));
        return finding;
    }

    /** {@code in} with v2's var-layout finding made on these layouts, as LayoutChecks makes it. */
    private static Inspection withLayouts(Inspection in, TypeLayout before, TypeLayout after) {
        List<LayoutChange> changes = LayoutDiff.compare(before, after);
        List<Target> targets = in.targets().stream().map(t -> new Target(t.object(), t.symbol(), t.sympos(), t.kind(),
                t.role(), t.sites(), t.verdicts().stream().map(v -> new Verdict(v.candidate(), v.severity(),
                        v.findings().stream().map(f -> f instanceof Finding.VariableLayoutChanged l
                                ? new Finding.VariableLayoutChanged(l.name(), before.type(), after.type(),
                                LayoutDiff.summary(changes), changes.size(), l.reference(),
                                Optional.of(new TypeComparison.LayoutPair(l.reference(), before, after, changes)))
                                : f).toList(), v.symbols())).toList())).toList();
        return new Inspection(in.toolVersion(), in.patch(), in.candidates(), targets, in.summary());
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
        assertTrue(tail.matches("and \\d+ more"), tail);
        assertEquals(all.split("; ").length, shown + Integer.parseInt(tail.replaceAll("\\D", "")), bounded);
        assertTrue(all.startsWith(bounded.substring(0, bounded.lastIndexOf("; "))), "whole items, in order");
    }

    private static TypeLayout layout(Path vmlinux, String variable) {
        Btf btf = BtfFiles.base(vmlinux);
        return Layouts.of(btf, btf.variable(variable).orElseThrow().type());
    }
}
