package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.agreement.KernelOutcome;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.module.DebugFiles;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code var-layout} from DWARF alone: the varlayout scenario (foo's per-CPU {@code struct foo_stats} reordered at the
 * same size in v2; the patch reads {@code hits} at v1's offset; recorded on 6.12, where v2's probe reads misses as
 * hits) built by kbuild for Debian's 6.1, whose headers give modules no BTF, kept unstripped
 * (samples/varlayout/unstripped, samples/varlayout-unstripped.sh). The patch's DWARF declares {@code foo_stats} as
 * its code saw it; stripped with {@code objcopy --strip-debug}, the candidates get their DWARF from debug files made
 * with {@code objcopy --only-keep-debug} and paired by build id. These very files were recorded on Debian's 6.1.0-57
 * under QEMU (samples/varlayout/kernel-verdicts.tsv): each row is predicted exactly, whichever DWARF gives the layouts.
 */
class VariableLayoutDwarfTest {

    static final Path DIR = SampleFiles.path("varlayout/unstripped");

    static Path unxz(Path xz, Path dir, String name) throws Exception {
        try (InputStream in = new org.tukaani.xz.XZInputStream(Files.newInputStream(xz))) {
            Path out = dir.resolve(name);
            Files.createDirectories(out.getParent());
            Files.write(out, in.readAllBytes());
            return out;
        }
    }

    static Path objcopy(String option, Path in, Path out) throws Exception {
        Process p = new ProcessBuilder("objcopy", option, in.toString(), out.toString()).inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "objcopy " + option + " " + in);
        return out;
    }

    static Inspection inspect(Path patch, List<Path> candidates, List<Path> baselines, DebugFiles debugFiles) {
        List<KernelObject> objects = candidates.stream().map(KernelObjectReader::read).toList();
        return Inspector.inspect(LivepatchReader.read(patch, Optional.empty()), objects,
                baselines.stream().map(Path::toString).toList(), false, List.of(), debugFiles);
    }

    static List<Finding> layout(Inspection in, Path candidate) {
        return in.targets().stream().filter(t -> t.symbol().equals("foo_stats")).findFirst().orElseThrow()
                .verdictFor(candidate.toString()).orElseThrow().findings().stream()
                .filter(f -> f.check().equals("var-layout")).toList();
    }

    @Test
    void thePatchsOwnDwarfIsTheReference(@TempDir Path dir) throws Exception {
        Path lp = unxz(DIR.resolve("varlayout_lp.ko.xz"), dir, "varlayout_lp.ko");
        Path v1 = unxz(DIR.resolve("v1/foo.ko.xz"), dir, "v1/foo.ko");
        Path v2 = unxz(DIR.resolve("v2/foo.ko.xz"), dir, "v2/foo.ko");
        // no baseline given: inference is ambiguous (both resolve, same CRCs); the patch's declaration decides
        Inspection in = inspect(lp, List.of(v1, v2), List.of(), DebugFiles.NONE);
        List<Finding> on2 = layout(in, v2);
        assertEquals(1, on2.size(), on2.toString());
        assertEquals(Severity.SILENT, on2.get(0).severity());
        String m = on2.get(0).message();
        assertTrue(m.startsWith("variable 'foo_stats' (struct foo_stats) has another layout here than in the patch's own DWARF, "
                + "the layout its code was compiled against (layouts from " + lp + " .debug_info ("), m);
        assertTrue(m.endsWith("`misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8"), m);
        assertEquals(List.of(), layout(in, v1), "v1's layout is the patch's");
    }

    @Test
    void strippedBuildsGetTheirDwarfFromPairedDebugFiles(@TempDir Path dir) throws Exception {
        Path lp = objcopy("--strip-debug", unxz(DIR.resolve("varlayout_lp.ko.xz"), dir, "full/varlayout_lp.ko"), dir.resolve("varlayout_lp.ko"));
        Map<String, Path> debug = new java.util.HashMap<>();
        List<Path> stripped = new java.util.ArrayList<>();
        for (String v : List.of("v1", "v2")) {
            Path full = unxz(DIR.resolve(v + "/foo.ko.xz"), dir, "full/" + v + "/foo.ko");
            Files.createDirectories(dir.resolve(v));
            Path plain = objcopy("--strip-debug", full, dir.resolve(v + "/foo.ko"));
            Path dbg = objcopy("--only-keep-debug", full, dir.resolve(v + "/foo.ko.debug"));
            debug.put(KernelObjectReader.read(plain).buildId().orElseThrow(), dbg);
            stripped.add(plain);
        }
        Path v1 = stripped.get(0);
        Path v2 = stripped.get(1);

        assertTrue(inspect(lp, stripped, List.of(v1), DebugFiles.NONE).targets().stream()
                        .flatMap(t -> t.verdicts().stream()).flatMap(v -> v.findings().stream()).noneMatch(f -> f.check().equals("var-layout")),
                "no BTF and no DWARF anywhere: nothing can be said");

        Inspection in = inspect(lp, stripped, List.of(v1), DebugFiles.of(debug));
        List<Finding> on2 = layout(in, v2);
        assertEquals(1, on2.size(), on2.toString());
        assertEquals(Severity.SILENT, on2.get(0).severity());
        String m = on2.get(0).message();
        assertTrue(m.contains("than in the baseline the patch was built against (layouts from " + dir.resolve("v1/foo.ko.debug")
                + " .debug_info (paired with " + v1 + " by build id)"), m);
        assertTrue(m.endsWith("`misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8"), m);
        assertEquals(List.of(), layout(in, v1), "the baseline itself");
    }
    /**
     * What Debian's 6.1.0-57 kernel did with these files under QEMU (samples/varlayout/kernel-verdicts.tsv, recorded
     * by samples/record-verdicts.sh with samples/varlayout/scenarios.tsv, which loads each committed .ko.xz
     * decompressed): every row loaded and patched; whether the probe read back what the patch was built to give
     * (kernel-readback.tsv) is the outcome (the kernel held the build ids of these very files), and klpscope's worst verdict for that candidate and load order must say
     * exactly that outcome, with the layouts from the patch's own DWARF (no baseline), from the candidates' DWARF
     * alone (the patch stripped, v1 the baseline), and from debug files paired by build id (everything stripped).
     */
    @Test
    void theSixOneKernelsRecordingIsPredictedExactly(@TempDir Path dir) throws Exception {
        Path tsv = SampleFiles.path("varlayout/kernel-verdicts.tsv");
        List<SampleFiles.KernelVerdict> rows = SampleFiles.kernelVerdicts(tsv);
        List<SampleFiles.Readback> readbacks = SampleFiles.readbacks(tsv);
        assertEquals(4, rows.size(), "two candidates, two load orders");

        Map<String, Path> full = new java.util.TreeMap<>();      // a row's path -> that file decompressed
        for (SampleFiles.KernelVerdict row : rows) {
            for (String rel : List.of(row.patch(), row.candidate())) {
                full.computeIfAbsent(rel, r -> decompressed(SampleFiles.path(r), dir.resolve("full").resolve(r)));
            }
        }
        String patch = rows.get(0).patch();
        // the modules the kernel loaded are these files: the build ids it held (kernel-log), unit by unit
        List<List<String>> loaded = loadedBuildIds(tsv.resolveSibling("kernel-log/varlayout.log"));
        assertEquals(rows.size(), loaded.size(), "one unit per row");
        for (int i = 0; i < rows.size(); i++) {
            SampleFiles.KernelVerdict row = rows.get(i);
            assertEquals(List.of(row.order(), buildId(full.get(row.candidate())), buildId(full.get(patch))).stream().sorted().toList(),
                    loaded.get(i).stream().sorted().toList(), row.toString());
        }
        List<String> candidates = rows.stream().map(SampleFiles.KernelVerdict::candidate).distinct().toList();
        Path baseline = full.get(candidates.get(0));
        assertTrue(candidates.get(0).contains("/v1/"), "v1, the build the patch was made from, comes first");

        Path strippedPatch = objcopy("--strip-debug", full.get(patch), dir.resolve("varlayout_lp.ko"));
        Map<String, Path> stripped = new java.util.HashMap<>();
        Map<String, Path> debug = new java.util.HashMap<>();
        for (String c : candidates) {
            Path plain = dir.resolve("stripped").resolve(c);
            Files.createDirectories(plain.getParent());
            stripped.put(c, objcopy("--strip-debug", full.get(c), plain));
            debug.put(KernelObjectReader.read(plain).buildId().orElseThrow(),
                    objcopy("--only-keep-debug", full.get(c), dir.resolve("stripped").resolve(c + ".debug")));
        }
        Map<String, Inspection> ways = new java.util.LinkedHashMap<>();
        Map<String, Map<String, Path>> files = new java.util.HashMap<>();
        ways.put("the patch's own DWARF", inspect(full.get(patch), candidates.stream().map(full::get).toList(), List.of(), DebugFiles.NONE));
        files.put("the patch's own DWARF", full);
        ways.put("the candidates' DWARF", inspect(strippedPatch, candidates.stream().map(full::get).toList(), List.of(baseline), DebugFiles.NONE));
        files.put("the candidates' DWARF", full);
        ways.put("paired debug files", inspect(strippedPatch, candidates.stream().map(stripped::get).toList(),
                List.of(stripped.get(candidates.get(0))), DebugFiles.of(debug)));
        files.put("paired debug files", stripped);

        int wrong = 0;
        for (SampleFiles.KernelVerdict row : rows) {
            assertEquals("loaded", row.outcome(), row.toString());
            KernelOutcome outcome = KernelAgreementTest.recorded(row, readbacks);
            if (outcome == KernelOutcome.LOADED_WRONG) {
                wrong++;
                Map<String, String> read = values(row.observed());
                assertEquals(read.get("misses"), read.get("get_hits"), "the patched get_hits() read misses: " + row);
            }
            for (Map.Entry<String, Inspection> way : ways.entrySet()) {
                String candidate = files.get(way.getKey()).get(row.candidate()).toString();
                Severity predicted = ScenarioVerdictsTest.worstFor(way.getValue(), candidate, KernelAgreementTest.order(row.order()));
                assertTrue(outcome.agrees(predicted), row.candidate() + " " + row.order() + " (" + way.getKey() + "): the kernel "
                        + outcome.words() + " (" + row.observed() + "), klpscope " + predicted.word());
                List<Finding> found = layout(way.getValue(), Path.of(candidate));
                assertEquals(outcome == KernelOutcome.LOADED_WRONG, !found.isEmpty(), way.getKey() + ": " + found);
                found.forEach(f -> assertTrue(f.message().endsWith("`misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8"), f.message()));
            }
        }
        assertEquals(2, wrong, "v2 reads misses as hits in both load orders");
    }

    static Path decompressed(Path xz, Path out) {
        try {
            return unxz(xz, out.getParent(), out.getFileName().toString().replaceFirst("\\.xz$", ""));
        } catch (Exception e) {
            throw new AssertionError(xz + ": " + e, e);
        }
    }

    static String buildId(Path module) {
        return KernelObjectReader.read(module).buildId().orElseThrow();
    }

    /**
     * Each unit of a recorder's log ({@code @@KLP ROW <unit> <order>}) as its load order and the build ids the
     * kernel held for the modules it loaded ({@code @@KLP BUILDID <name> <id>}, read from
     * /sys/module/&lt;name&gt;/notes/.note.gnu.build-id by samples/kernel/init).
     */
    static List<List<String>> loadedBuildIds(Path log) throws java.io.IOException {
        List<List<String>> units = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            String[] w = line.split(" ");
            if (line.startsWith("@@KLP ROW ")) {
                units.add(new java.util.ArrayList<>(List.of(w[3])));
            } else if (line.startsWith("@@KLP BUILDID ") && !units.isEmpty()) {
                units.get(units.size() - 1).add(w[3]);
            }
        }
        return units;
    }

    /** The {@code name=value} pairs of a probe's read-back. */
    static Map<String, String> values(String observed) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String pair : observed.split(" ")) {
            String[] kv = pair.split("=", 2);
            out.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return out;
    }
}
