package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's own livepatch samples and selftest modules ({@code samples/upstream/}, built from Debian's
 * {@code linux-source} 6.1 and 6.12 against Debian's headers), held against what Debian's real kernels did with
 * them under QEMU ({@code samples/upstream/kernel-verdicts.tsv}, recorded by {@code samples/upstream/record.sh}).
 * Each recorded outcome must be predicted as exactly that: loaded and right as {@code ok}, {@code info} or
 * {@code warn}, with no "never patched" for the object the kernel patched; loaded but wrong and never applied as
 * {@code silent}; refused as {@code refused}, quoting a line the kernel printed; an oops as {@code crash}.
 */
class UpstreamCorpusTest {

    /** Rows recorded per kernel folder: a lost or added row fails here, not silently in the matrix. */
    private static final Map<String, Integer> ROWS = Map.of("upstream-6.1", 42, "upstream-6.12", 44);

    /**
     * The patch's code, not its binding, decides these rows: {@code patched_work_func()} replaces
     * {@code busymod_work_func()} without its {@code complete()}, which {@code test_klp_callbacks_busy}'s init waits
     * for, so with the patch loaded first the target's insmod never returns. A binding check cannot see that.
     */
    private static final String PATCH_SEMANTICS = "what the patch's code does, not how it binds: patched_work_func() "
            + "no longer calls complete(), which test_klp_callbacks_busy's init waits for, so the target's insmod "
            + "never returns (stays until klpscope models what replaced code does)";

    /**
     * Rows where klpscope disagrees with the kernel today, each with its cause: the one place to empty as fixes land
     * (a listed row that starts agreeing fails, so the list stays true). Key: kernel folder, patch, candidate, order
     * as in the table.
     */
    static final Map<String, String> KNOWN_DISAGREEMENTS = Map.ofEntries(
            Map.entry("upstream-6.1 | upstream/6.1/test_klp_callbacks_demo.ko | upstream/6.1/v1/test_klp_callbacks_busy.ko | patch-first",
                    PATCH_SEMANTICS),
            Map.entry("upstream-6.1 | upstream/6.1/test_klp_callbacks_demo.ko | upstream/6.1/v2/test_klp_callbacks_busy.ko | patch-first",
                    PATCH_SEMANTICS),
            Map.entry("upstream-6.12 | upstream/6.12/test_klp_callbacks_demo.ko | upstream/6.12/v1/test_klp_callbacks_busy.ko | patch-first",
                    PATCH_SEMANTICS),
            Map.entry("upstream-6.12 | upstream/6.12/test_klp_callbacks_demo.ko | upstream/6.12/v2/test_klp_callbacks_busy.ko | patch-first",
                    PATCH_SEMANTICS));

    private static final Path TABLE = Path.of("upstream", "kernel-verdicts.tsv");

    /** One recorded row. */
    record Recorded(String kernel, String patch, String candidate, String order, String outcome, String message,
                    String observed) {

        String key() {
            return String.join(" | ", kernel, patch, candidate, order);
        }

        /** vmlinux candidates (symbol-table extracts) form one group per patch, each module file name another. */
        String group() {
            String c = candidate.endsWith(".ko") ? Path.of(candidate).getFileName().toString() : "vmlinux";
            return kernel + " " + patch + " " + c;
        }

        LoadOrder loadOrder() {
            return switch (order) {
                case "target-first" -> LoadOrder.TARGET_FIRST;
                case "patch-first" -> LoadOrder.PATCH_FIRST;
                default -> throw new AssertionError("unknown order '" + order + "' in " + key());
            };
        }

        /** The severities that say exactly this outcome. */
        Set<Severity> predictedAs() {
            return switch (outcome) {
                case "loaded, right" -> Set.of(Severity.OK, Severity.INFO, Severity.WARN);
                case "loaded, wrong", "never applied" -> Set.of(Severity.SILENT);
                case "refused" -> Set.of(Severity.REFUSED);
                case "oops" -> Set.of(Severity.CRASH);
                default -> throw new AssertionError("unknown outcome '" + outcome + "' in " + key());
            };
        }
    }

    static List<Recorded> recorded() throws IOException {
        List<String> lines = Files.readAllLines(SampleFiles.path(TABLE.toString()));
        assertEquals("scenario\tpatch\tcandidate\torder\tpatch_loaded\ttarget_loaded\toutcome\tkernel_message\tobserved",
                lines.get(0), "columns of " + TABLE);
        List<Recorded> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            assertEquals(9, f.length, "fields of: " + line);
            out.add(new Recorded(f[0], f[1], f[2], f[3], f[6], f[7], f[8]));
        }
        return out;
    }

    /** What klpscope says about one row, and why it does or does not agree. */
    record Judged(Recorded row, Severity predicted, String disagreement) {
        boolean agrees() {
            return disagreement.isEmpty();
        }
    }

    /** Judged rows, by key: the matrix and the per-row tests share one inspection per row. */
    private static final Map<String, Judged> JUDGED = new java.util.concurrent.ConcurrentHashMap<>();

    static Judged judge(Recorded row, List<Recorded> all) {
        return JUDGED.computeIfAbsent(row.key(), k -> inspectAndJudge(row, all));
    }

    private static Judged inspectAndJudge(Recorded row, List<Recorded> all) {
        List<Path> candidates = all.stream().filter(r -> r.group().equals(row.group()))
                .map(r -> SampleFiles.path(r.candidate())).distinct().toList();
        Inspection inspection = Inspector.inspect(SampleFiles.path(row.patch()), candidates, List.of());
        String candidate = SampleFiles.path(row.candidate()).toString();
        Severity predicted = ScenarioVerdictsTest.worstFor(inspection, candidate, row.loadOrder());
        List<Finding> findings = findingsFor(inspection, candidate, row.loadOrder());
        if (!row.predictedAs().contains(predicted)) {
            return new Judged(row, predicted, "kernel " + row.outcome() + " (" + row.message() + "), klpscope "
                    + predicted.word() + ": " + headlines(findings, predicted));
        }
        if (row.outcome().equals("loaded, right")) {
            List<Finding> never = findings.stream().filter(f -> f instanceof Finding.NotPatched).toList();
            if (!never.isEmpty()) {
                return new Judged(row, predicted, "the kernel patched it, klpscope says " + never.get(0).message());
            }
        }
        if (row.outcome().equals("refused")) {
            List<String> quoted = findings.stream().filter(f -> f.severity() == Severity.REFUSED)
                    .flatMap(f -> f.kernelMessage().stream()).distinct().toList();
            if (quoted.stream().noneMatch(q -> row.message().contains(q))) {
                return new Judged(row, predicted, "refused as the kernel did, but the kernel printed '"
                        + row.message() + "' and klpscope quotes " + quoted);
            }
        }
        return new Judged(row, predicted, "");
    }

    /** The findings that hold for {@code candidate} loaded in {@code order}: the patch's, the candidate's, its targets'. */
    private static List<Finding> findingsFor(Inspection inspection, String candidate, LoadOrder order) {
        Stream<Finding> patch = inspection.patch().findings().stream();
        Stream<Finding> cand = inspection.candidates().stream().filter(c -> c.path().equals(candidate))
                .flatMap(c -> c.findings().stream());
        Stream<Finding> targets = inspection.targets().stream().flatMap(t -> t.verdicts().stream())
                .filter(v -> v.candidate().equals(candidate)).flatMap(v -> v.findings().stream());
        return Stream.of(patch, cand, targets).flatMap(s -> s).filter(f -> f.order().appliesTo(order)).toList();
    }

    private static String headlines(List<Finding> findings, Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity)
                .map(f -> f.check() + ": " + f.message()).distinct().collect(Collectors.joining("; "));
    }

    @TestFactory
    List<DynamicTest> eachRecordedOutcomeIsPredictedExactly() throws IOException {
        List<Recorded> rows = recorded();
        List<DynamicTest> tests = new ArrayList<>();
        for (Recorded row : rows) {
            tests.add(DynamicTest.dynamicTest(row.key() + ": " + row.outcome(), () -> {
                Judged j = judge(row, rows);
                String known = KNOWN_DISAGREEMENTS.get(row.key());
                if (known == null) {
                    assertTrue(j.agrees(), j.disagreement());
                } else {
                    assertFalse(j.agrees(), "agrees now (klpscope " + j.predicted().word()
                            + "): remove it from KNOWN_DISAGREEMENTS (" + known + ")");
                }
            }));
        }
        return tests;
    }

    @Test
    void theRecordIsCompleteAndPrintsItsConfusionMatrix() throws IOException {
        List<Recorded> rows = recorded();
        Map<String, Long> perKernel = rows.stream().collect(Collectors.groupingBy(Recorded::kernel, TreeMap::new,
                Collectors.counting()));
        assertEquals(new TreeMap<>(ROWS), perKernel.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().intValue(), (a, b) -> a, TreeMap::new)));
        Set<String> keys = rows.stream().map(Recorded::key).collect(Collectors.toSet());
        assertEquals(rows.size(), keys.size(), "a (kernel, patch, candidate, order) recorded twice");
        assertTrue(keys.containsAll(KNOWN_DISAGREEMENTS.keySet()), "known disagreements that are no row: "
                + KNOWN_DISAGREEMENTS.keySet().stream().filter(k -> !keys.contains(k)).toList());
        for (Recorded r : rows) {
            assertTrue(Files.isRegularFile(SampleFiles.path(r.patch())), r.patch());
            assertTrue(Files.isRegularFile(SampleFiles.path(r.candidate())), r.candidate());
            r.predictedAs();
            r.loadOrder();
        }
        Set<String> outcomes = rows.stream().map(Recorded::outcome).collect(Collectors.toSet());
        assertTrue(outcomes.containsAll(Set.of("loaded, right", "refused")), "outcomes: " + outcomes);

        // outcome x prediction, per kernel
        for (String kernel : perKernel.keySet()) {
            Map<String, Map<String, Integer>> matrix = new TreeMap<>();
            for (Recorded r : rows) {
                if (r.kernel().equals(kernel)) {
                    Judged j = judge(r, rows);
                    matrix.computeIfAbsent(r.outcome(), k -> new LinkedHashMap<>())
                            .merge(j.predicted().word() + (j.agrees() ? "" : " (disagrees)"), 1, Integer::sum);
                }
            }
            System.out.println(kernel + ": kernel outcome -> klpscope " + matrix);
        }
    }
}
