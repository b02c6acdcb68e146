package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.SampleFiles.KernelVerdict;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds klpscope's verdicts against what the real Debian 6.1.0-57 kernel did under QEMU
 * ({@code samples/kernel-verdicts.tsv}): every case the kernel refused is {@code refused} (or worse), and no
 * case it loaded is.
 */
class KernelAgreementTest {

    @TestFactory
    List<DynamicTest> klpscopeAgreesWithTheKernel() {
        List<DynamicTest> tests = new ArrayList<>();
        var byPatch = SampleFiles.scenariosByPatch();
        for (KernelVerdict k : SampleFiles.kernelVerdicts()) {
            tests.add(DynamicTest.dynamicTest(k.patch() + " x " + k.candidate() + " (" + k.order() + "): " + k.outcome(), () -> {
                List<Path> candidates = byPatch.getOrDefault(k.patch(), List.of()).stream()
                        .map(s -> SampleFiles.path(s.candidate())).collect(Collectors.toCollection(ArrayList::new));
                Path candidate = SampleFiles.path(k.candidate());
                if (!candidates.contains(candidate)) {
                    candidates.add(candidate);
                }
                Inspection inspection = Inspector.inspect(SampleFiles.path(k.patch()), candidates, List.of());
                LoadOrder order = switch (k.order()) {
                    case "target-first" -> LoadOrder.TARGET_FIRST;
                    case "patch-first" -> LoadOrder.PATCH_FIRST;
                    default -> throw new AssertionError("unknown order " + k.order());
                };
                Severity got = ScenarioVerdictsTest.worstFor(inspection, candidate.toString(), order);
                if (k.outcome().equals("refused")) {
                    assertTrue(got.atLeast(Severity.REFUSED), "kernel refused (" + k.message() + ") but klpscope says " + got.word());
                } else if (k.outcome().equals("oops")) {
                    assertTrue(got.atLeast(Severity.SILENT), "the kernel oopsed but klpscope says " + got.word());
                } else if (k.outcome().equals("loaded")) {
                    assertFalse(got.atLeast(Severity.REFUSED), "kernel loaded it but klpscope says " + got.word());
                }
            }));
        }
        return tests;
    }

    @Test
    void theRecordHasBothOutcomesAndBothOrders() {
        List<KernelVerdict> rows = SampleFiles.kernelVerdicts();
        Set<String> outcomes = rows.stream().map(KernelVerdict::outcome).collect(Collectors.toSet());
        Set<String> orders = rows.stream().map(KernelVerdict::order).collect(Collectors.toSet());
        assertTrue(outcomes.containsAll(Set.of("loaded", "refused")), "outcomes: " + outcomes);
        assertTrue(orders.containsAll(Set.of("target-first", "patch-first")), "orders: " + orders);
    }
}
