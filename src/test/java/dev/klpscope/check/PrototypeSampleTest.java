package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.agreement.KernelOutcome;
import dev.klpscope.load.Loading;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code func-prototype} on the proto sample (samples/kernels/6.12/proto, samples/README.md "proto"): foo v2 changes
 * {@code scale(int base, int x)} to {@code scale(int x)}, which proto_call_lp calls through a klp relocation, and
 * {@code ratio(int num, int den)} to {@code ratio(long den, long num)}, which proto_repl_lp replaces. The prototypes
 * come from each module's BTF, split on the 6.12 vmlinux's (cached by samples/build.sh --kernel 6.12).
 */
class PrototypeSampleTest {

    static final String DIR = "kernels/6.12/proto/";
    static final Path CALL = SampleFiles.path(DIR + "proto_call_lp.ko");
    static final Path REPLACE = SampleFiles.path(DIR + "proto_repl_lp.ko");
    static final Path V1 = SampleFiles.path(DIR + "v1/foo.ko");
    static final Path V2 = SampleFiles.path(DIR + "v2/foo.ko");
    static final Path VMLINUX = VariableLayoutTest.VMLINUX;

    static List<Finding> findings(Inspection in, String symbol, Path candidate) {
        return in.targets().stream().filter(t -> t.symbol().equals(symbol)).findFirst().orElseThrow()
                .verdictFor(candidate.toString()).orElseThrow().findings();
    }

    static List<Finding> prototypeFindings(Inspection in, String symbol, Path candidate) {
        return findings(in, symbol, candidate).stream().filter(f -> f.check().equals("func-prototype")).toList();
    }

    /** The patch checked against v1 (the baseline), v2 and the 6.12 vmlinux (the modules' BTF base). */
    static Inspection inspect(Path patch) {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        return Loading.inspect(patch, List.of(V1, V2, VMLINUX), List.of(V1));
    }

    /** The one func-prototype finding of {@code symbol} on v2, which must be silent. */
    static Finding silentOnV2(Inspection in, String symbol) {
        List<Finding> v2 = prototypeFindings(in, symbol, V2);
        assertEquals(1, v2.size(), v2.toString());
        assertEquals(Severity.SILENT, v2.get(0).severity());
        return v2.get(0);
    }

    @Test
    void aCalledFunctionsNewPrototypeIsSilent() {
        Inspection in = inspect(CALL);
        Finding f = silentOnV2(in, "scale");
        assertEquals("'scale', which the patch refers to, has another prototype here than in the baseline: "
                + "int (int base, int x) there, int (int x) here", f.message());
        assertTrue(prototypeFindings(in, "scale", V1).isEmpty(), "the baseline is not compared with itself");
        assertTrue(prototypeFindings(in, "answer", V2).isEmpty(), "answer() keeps its prototype");
        assertEquals(Severity.SILENT, ScenarioVerdictsTest.worstFor(in, V2.toString()));
    }

    /**
     * The replaced ratio() changed its code too ({@code patched-func-changed}, {@code risk}); its prototype decides:
     * v2's callers pass (4, 84) as (long den, long num), the replacement reads them as (int num, int den).
     */
    @Test
    void aReplacedFunctionsReorderedParametersAreSilent() {
        Inspection in = inspect(REPLACE);
        Finding f = silentOnV2(in, "ratio");
        assertEquals("'ratio', which the patch replaces, has another prototype here than in the baseline: "
                + "int (int num, int den) there, long int (long int den, long int num) here", f.message());
        assertTrue(f.why().contains("reads them (or returns its value) as the old prototype says"), f.why());
        assertTrue(findings(in, "ratio", V2).stream().anyMatch(x -> x.check().equals("patched-func-changed")
                && x.severity() == Severity.RISK), "v2's ratio() is other code");
        assertTrue(prototypeFindings(in, "ratio", V1).isEmpty());
        assertTrue(prototypeFindings(in, "check_den", V2).isEmpty(), "check_den() keeps its prototype");
        assertEquals(Severity.SILENT, ScenarioVerdictsTest.worstFor(in, V2.toString()));
        assertEquals(Severity.INFO, ScenarioVerdictsTest.worstFor(in, V1.toString()), "unsigned (signature-trust)");
    }

    /** Without the vmlinux the modules' split BTF has no base: no prototype is read and nothing is said. */
    @Test
    void withoutTheBaseNoPrototypeIsCompared() {
        Inspection in = Loading.inspect(REPLACE, List.of(V1, V2), List.of(V1));
        assertTrue(prototypeFindings(in, "ratio", V2).isEmpty());
        assertEquals(Severity.RISK, ScenarioVerdictsTest.worstFor(in, V2.toString()), "patched-func-changed alone");
    }

    /**
     * What the real 6.12 kernel did under QEMU (samples/kernels/6.12/proto/kernel-verdicts.tsv, recorded by
     * samples/record-verdicts.sh --kernel 6.12 with that folder's scenarios.tsv; the kernel held the build ids of these
 * very files): every row loaded and patched; v1's
     * probe read back what each patch was built to give (kernel-readback.tsv), v2's another value (answer=300,
     * ratio=0). Each row's outcome is predicted exactly, in its load order, and each pair's verdict is the folder's
     * scenarios.tsv's.
     */
    @Test
    void theKernelsRecordingIsPredictedExactly() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        Path tsv = SampleFiles.path(DIR + "kernel-verdicts.tsv");
        List<SampleFiles.KernelVerdict> rows = SampleFiles.kernelVerdicts(tsv);
        List<SampleFiles.Readback> readbacks = SampleFiles.readbacks(tsv);
        assertEquals(8, rows.size());
        loadedTheseFiles(tsv.resolveSibling("kernel-log/proto.log"), rows, SampleFiles::path);
        Map<String, Inspection> inspections = new HashMap<>();
        Map<KernelOutcome, Integer> outcomes = new EnumMap<>(KernelOutcome.class);
        for (SampleFiles.KernelVerdict row : rows) {
            KernelOutcome outcome = KernelAgreementTest.recorded(row, readbacks);
            outcomes.merge(outcome, 1, Integer::sum);
            Inspection in = inspections.computeIfAbsent(row.patch(), p -> inspect(SampleFiles.path(p)));
            Path candidate = SampleFiles.path(row.candidate());
            Severity predicted = ScenarioVerdictsTest.worstFor(in, candidate.toString(), KernelAgreementTest.order(row.order()));
            assertTrue(outcome.agrees(predicted), row.patch() + " + " + row.candidate() + " " + row.order()
                    + ": the kernel " + outcome.words() + " (" + row.observed() + "), klpscope " + predicted.word());
            assertEquals(expected(SampleFiles.path(DIR + "scenarios.tsv"), "kernels/6.12/", row.patch(), row.candidate()),
                    predicted.word(), row.toString());
        }
        assertEquals(Map.of(KernelOutcome.LOADED_RIGHT, 4, KernelOutcome.LOADED_WRONG, 4), outcomes,
                "v1 right and v2 wrong, for both patches in both orders");
    }

    /**
     * The modules the kernel loaded for each row are the files the row names ({@code file}: a row's path to the
     * module as klpscope reads it): the build ids it held, unit by unit (samples/kernel/init's {@code @@KLP BUILDID}).
     */
    static void loadedTheseFiles(Path log, List<SampleFiles.KernelVerdict> rows, java.util.function.Function<String, Path> file)
            throws IOException {
        List<List<String>> loaded = VariableLayoutDwarfTest.loadedBuildIds(log);
        assertEquals(rows.size(), loaded.size(), "one unit per row");
        for (int i = 0; i < rows.size(); i++) {
            SampleFiles.KernelVerdict row = rows.get(i);
            assertEquals(List.of(row.order(), VariableLayoutDwarfTest.buildId(file.apply(row.candidate())),
                            VariableLayoutDwarfTest.buildId(file.apply(row.patch()))).stream().sorted().toList(),
                    loaded.get(i).stream().sorted().toList(), row.toString());
        }
    }

    /**
     * The expected verdict that {@code scenarios} gives a pair; its paths are relative to {@code prefix} (kernels/6.12/
     * for the 6.12 build's folder, nothing for 6.1's), the recording's to samples/.
     */
    static String expected(Path scenarios, String prefix, String patch, String candidate) throws IOException {
        List<String> lines = Files.readAllLines(scenarios);
        List<String> found = lines.subList(1, lines.size()).stream().map(l -> l.split("\t"))
                .filter(c -> (prefix + c[1]).equals(patch) && (prefix + c[2]).equals(candidate)).map(c -> c[3]).toList();
        assertEquals(1, found.size(), patch + " " + candidate);
        assertFalse(found.get(0).isBlank());
        return found.get(0);
    }
}
