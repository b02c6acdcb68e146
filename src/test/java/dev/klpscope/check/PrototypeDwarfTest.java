package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.agreement.KernelOutcome;
import dev.klpscope.module.DebugFiles;
import dev.klpscope.module.KernelObjectReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code func-prototype} from DWARF alone: the proto scenario built by kbuild for Debian's 6.1, whose headers give
 * modules no BTF, the candidates kept unstripped (samples/proto/unstripped, samples/proto-unstripped.sh), and
 * recorded on Debian's 6.1.0-57 under QEMU (that folder's kernel-verdicts.tsv): v2 reads answer=300 and ratio=0.
 * Each build's prototype is its {@code DW_TAG_subprogram}'s, found at the symbol's address.
 */
class PrototypeDwarfTest {

    static final Path DIR = SampleFiles.path("proto/unstripped");

    /** The two candidates, decompressed into {@code dir} as v1/foo.ko and v2/foo.ko. */
    static List<Path> candidates(Path dir) throws Exception {
        return List.of(VariableLayoutDwarfTest.unxz(DIR.resolve("v1/foo.ko.xz"), dir, "v1/foo.ko"),
                VariableLayoutDwarfTest.unxz(DIR.resolve("v2/foo.ko.xz"), dir, "v2/foo.ko"));
    }

    static Inspection inspect(String patch, List<Path> candidates, DebugFiles debugFiles) {
        return VariableLayoutDwarfTest.inspect(DIR.resolve(patch), candidates, List.of(candidates.get(0)), debugFiles);
    }

    static List<Finding> prototypes(Inspection in, String symbol, Path candidate) {
        return PrototypeSampleTest.findings(in, symbol, candidate).stream().filter(f -> f.check().equals("func-prototype")).toList();
    }

    @Test
    void bothPrototypesComeFromTheCandidatesDwarf(@TempDir Path dir) throws Exception {
        List<Path> c = candidates(dir);
        List<Finding> scale = prototypes(inspect("proto_call_lp.ko", c, DebugFiles.NONE), "scale", c.get(1));
        assertEquals(1, scale.size(), scale.toString());
        assertEquals(Severity.SILENT, scale.get(0).severity());
        assertTrue(scale.get(0).message().endsWith("int (int base, int x) there, int (int x) here"), scale.get(0).message());
        Inspection replaced = inspect("proto_repl_lp.ko", c, DebugFiles.NONE);
        List<Finding> ratio = prototypes(replaced, "ratio", c.get(1));
        assertEquals(1, ratio.size(), ratio.toString());
        assertEquals(Severity.SILENT, ratio.get(0).severity());
        assertTrue(ratio.get(0).message().endsWith("int (int num, int den) there, long int (long int den, long int num) here"),
                ratio.get(0).message());
        assertEquals(List.of(), prototypes(replaced, "ratio", c.get(0)), "the baseline itself");
    }

    /** Stripped, the candidates have no type source: nothing is said; paired with their debug files, the same finding. */
    @Test
    void strippedCandidatesReadTheirPairedDebugFiles(@TempDir Path dir) throws Exception {
        List<Path> full = candidates(dir.resolve("full"));
        Map<String, Path> debug = new java.util.HashMap<>();
        List<Path> stripped = new java.util.ArrayList<>();
        for (Path f : full) {
            String v = f.getParent().getFileName().toString();
            Files.createDirectories(dir.resolve(v));
            Path plain = VariableLayoutDwarfTest.objcopy("--strip-debug", f, dir.resolve(v + "/foo.ko"));
            debug.put(KernelObjectReader.read(plain).buildId().orElseThrow(),
                    VariableLayoutDwarfTest.objcopy("--only-keep-debug", f, dir.resolve(v + "/foo.ko.debug")));
            stripped.add(plain);
        }
        assertEquals(List.of(), prototypes(inspect("proto_repl_lp.ko", stripped, DebugFiles.NONE), "ratio", stripped.get(1)));
        List<Finding> ratio = prototypes(inspect("proto_repl_lp.ko", stripped, DebugFiles.of(debug)), "ratio", stripped.get(1));
        assertEquals(1, ratio.size(), ratio.toString());
        assertEquals(Severity.SILENT, ratio.get(0).severity());
    }

    /**
     * What Debian's 6.1.0-57 did under QEMU (samples/proto/unstripped/kernel-verdicts.tsv, recorded by
     * samples/record-verdicts.sh with that folder's scenarios.tsv, which loads each committed .ko.xz decompressed; the
     * kernel held the build ids of these very files): every row predicted exactly in its load order, as the folder's
     * scenarios.tsv says.
     */
    @Test
    void theSixOneRecordingIsPredictedExactly(@TempDir Path dir) throws Exception {
        Path tsv = DIR.resolve("kernel-verdicts.tsv");
        List<SampleFiles.KernelVerdict> rows = SampleFiles.kernelVerdicts(tsv);
        List<SampleFiles.Readback> readbacks = SampleFiles.readbacks(tsv);
        assertEquals(8, rows.size());
        Map<String, Path> files = new java.util.TreeMap<>();      // a row's path -> the module klpscope reads
        for (SampleFiles.KernelVerdict row : rows) {
            for (String rel : List.of(row.patch(), row.candidate())) {
                files.computeIfAbsent(rel, r -> r.endsWith(".xz")
                        ? VariableLayoutDwarfTest.decompressed(SampleFiles.path(r), dir.resolve(r)) : SampleFiles.path(r));
            }
        }
        PrototypeSampleTest.loadedTheseFiles(DIR.resolve("kernel-log/proto.log"), rows, files::get);
        List<Path> c = List.of(files.get("proto/unstripped/v1/foo.ko.xz"), files.get("proto/unstripped/v2/foo.ko.xz"));
        Map<KernelOutcome, Integer> outcomes = new EnumMap<>(KernelOutcome.class);
        for (SampleFiles.KernelVerdict row : rows) {
            KernelOutcome outcome = KernelAgreementTest.recorded(row, readbacks);
            outcomes.merge(outcome, 1, Integer::sum);
            Inspection in = VariableLayoutDwarfTest.inspect(files.get(row.patch()), c, List.of(c.get(0)), DebugFiles.NONE);
            Severity predicted = ScenarioVerdictsTest.worstFor(in, files.get(row.candidate()).toString(),
                    KernelAgreementTest.order(row.order()));
            assertTrue(outcome.agrees(predicted), row.patch() + " + " + row.candidate() + " " + row.order()
                    + ": the kernel " + outcome.words() + " (" + row.observed() + "), klpscope " + predicted.word());
            assertEquals(PrototypeSampleTest.expected(DIR.resolve("scenarios.tsv"), "", row.patch(), row.candidate()),
                    predicted.word(), row.toString());
        }
        assertEquals(Map.of(KernelOutcome.LOADED_RIGHT, 4, KernelOutcome.LOADED_WRONG, 4), outcomes,
                "v1 right and v2 wrong, for both patches in both orders");
    }
}
