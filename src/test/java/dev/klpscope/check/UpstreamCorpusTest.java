package dev.klpscope.check;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import dev.klpscope.agreement.ConfusionMatrix;
import dev.klpscope.agreement.Judged;
import dev.klpscope.agreement.KernelOutcome;
import dev.klpscope.agreement.KnownDisagreements;
import dev.klpscope.elf.MalformedInputException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's own livepatch samples and selftest modules ({@code samples/upstream/}, built from Debian's
 * {@code linux-source} 6.1 and 6.12 against Debian's headers), held against what Debian's real kernels did with
 * them under QEMU ({@code samples/upstream/kernel-verdicts.tsv}, recorded by {@code samples/upstream/record.sh}).
 * Each recorded outcome is predicted as exactly that ({@link KernelOutcome}); a disagreement must be listed, with
 * its reason, in docs/checks.md, which shows each kernel's confusion matrix. Where the severity agrees, a loaded
 * and right row has no "never patched" for the object the kernel patched, and a refused row quotes a line the
 * kernel printed.
 */
class UpstreamCorpusTest {

    /** Rows recorded per kernel folder: a lost or added row fails here, not silently in the matrix. */
    private static final Map<String, Integer> ROWS = Map.of("upstream-6.1", 51, "upstream-6.12", 44);

    private static final String TABLE = "upstream/kernel-verdicts.tsv";

    /** This test's rows among docs/checks.md's listed disagreements. */
    static final Predicate<String> MINE = key -> key.startsWith("upstream-");

    /** One recorded row. */
    record Recorded(String kernel, String patch, String candidate, String order, KernelOutcome outcome,
                    String message) {

        /** vmlinux candidates (symbol-table extracts) form one group per patch, each module file name another. */
        String group() {
            String c = candidate.endsWith(".ko") ? Path.of(candidate).getFileName().toString() : "vmlinux";
            return kernel + " " + patch + " " + c;
        }

        LoadOrder loadOrder() {
            return switch (order) {
                case "target-first" -> LoadOrder.TARGET_FIRST;
                case "patch-first" -> LoadOrder.PATCH_FIRST;
                default -> throw new AssertionError("unknown order '" + order + "' in " + this);
            };
        }
    }

    /** A row, klpscope's judgement of it and the findings that hold for its candidate in its load order. */
    record Checked(Recorded row, Judged judged, List<Finding> findings) {
    }

    private static List<Checked> checked;

    static synchronized List<Checked> checked() {
        if (checked == null) {
            List<Recorded> rows = recorded();
            checked = rows.stream().map(r -> check(r, rows)).toList();
        }
        return checked;
    }

    static List<Recorded> recorded() {
        try {
            List<String> lines = Files.readAllLines(SampleFiles.path(TABLE));
            assertEquals("scenario\tpatch\tcandidate\torder\tpatch_loaded\ttarget_loaded\toutcome\tkernel_message\tobserved",
                    lines.get(0), "columns of " + TABLE);
            List<Recorded> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t", -1);
                assertEquals(9, f.length, "fields of: " + line);
                out.add(new Recorded(f[0], f[1], f[2], f[3], KernelOutcome.fromWords(f[6]), f[7]));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Checked check(Recorded row, List<Recorded> all) {
        List<Path> candidates = all.stream().filter(r -> r.group().equals(row.group()))
                .map(r -> SampleFiles.path(r.candidate())).distinct().toList();
        Inspection inspection = Loading.inspect(SampleFiles.path(row.patch()), candidates, List.of());
        String candidate = SampleFiles.path(row.candidate()).toString();
        Severity predicted = ScenarioVerdictsTest.worstFor(inspection, candidate, row.loadOrder());
        List<Finding> findings = findingsFor(inspection, candidate, row.loadOrder());
        String detail = findings.stream().filter(f -> f.severity() == predicted)
                .map(f -> f.check() + ": " + f.message()).distinct().collect(Collectors.joining("; "));
        return new Checked(row, new Judged(row.kernel(), row.patch(), row.candidate(), row.order(), row.outcome(),
                predicted.word(), detail), findings);
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

    private static List<Judged> judged() {
        return checked().stream().map(Checked::judged).toList();
    }

    static String title(String kernel) {
        return "Upstream samples and selftests built for Linux " + kernel.substring("upstream-".length());
    }

    @Test
    void everyRecordedKernelHasItsPinnedRows() {
        List<Recorded> rows = recorded();
        KnownDisagreements.byKernel(judged(), ROWS);
        assertEquals(rows.size(), rows.stream().map(r -> r.kernel() + r.patch() + r.candidate() + r.order())
                .distinct().count(), "a (kernel, patch, candidate, order) recorded twice");
        Set<KernelOutcome> outcomes = rows.stream().map(Recorded::outcome).collect(Collectors.toSet());
        assertTrue(outcomes.containsAll(Set.of(KernelOutcome.LOADED_RIGHT, KernelOutcome.LOADED_WRONG,
                KernelOutcome.REFUSED)), "outcomes: " + outcomes);
    }

    @Test
    void klpscopePredictsEveryRecordedOutcomeExactly() {
        KnownDisagreements.byKernel(judged(), ROWS).forEach((kernel, rows) ->
                System.out.println(ConfusionMatrix.markdown(title(kernel), rows, KernelAgreementTest.PREDICTIONS)));
        KnownDisagreements.assertOnlyListed(judged(), MINE);
    }

    @Test
    void docsShowEveryKernelsConfusionMatrix() {
        KnownDisagreements.byKernel(judged(), ROWS).forEach((kernel, rows) -> KnownDisagreements.assertDocumented(
                ConfusionMatrix.markdown(title(kernel), rows, KernelAgreementTest.PREDICTIONS)));
    }

    /** test_klp_shadow_vars exercises the shadow-variable API from an ordinary module: no livepatch to check. */
    @Test
    void theShadowVariableSelftestIsNoLivepatch() {
        for (String kernel : List.of("6.1", "6.12")) {
            Path module = SampleFiles.path("upstream/" + kernel + "/test_klp_shadow_vars.ko");
            MalformedInputException e = assertThrows(MalformedInputException.class,
                    () -> Loading.inspect(module, List.of(), List.of()), module.toString());
            assertTrue(e.getMessage().contains("is not a livepatch"), e.getMessage());
        }
    }

    /** Where the severity is the kernel's, the words are too: no "never patched", the kernel's refusal quoted. */
    @TestFactory
    List<DynamicTest> agreeingRowsSayWhatTheKernelDid() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Checked c : checked()) {
            Recorded row = c.row();
            if (!c.judged().agrees()) {
                continue;
            }
            if (row.outcome() == KernelOutcome.LOADED_RIGHT) {
                tests.add(DynamicTest.dynamicTest(c.judged().key() + ": patched, not 'never patched'", () ->
                        assertEquals(List.of(), c.findings().stream().filter(f -> f instanceof Finding.NotPatched)
                                .map(Finding::message).toList(), "the kernel patched " + row.candidate())));
            } else if (row.outcome() == KernelOutcome.REFUSED) {
                tests.add(DynamicTest.dynamicTest(c.judged().key() + ": the kernel's refusal quoted", () -> {
                    List<String> quoted = c.findings().stream().filter(f -> f.severity() == Severity.REFUSED)
                            .flatMap(f -> f.kernelMessage().stream()).distinct().toList();
                    assertTrue(quoted.stream().anyMatch(row.message()::contains),
                            "the kernel printed '" + row.message() + "', klpscope quotes " + quoted);
                }));
            }
        }
        assertTrue(tests.size() >= 60, "rows with words to check: " + tests.size());
        return tests;
    }
}
