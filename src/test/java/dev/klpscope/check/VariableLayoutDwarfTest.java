package dev.klpscope.check;

import dev.klpscope.SampleFiles;
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
 * with {@code objcopy --only-keep-debug} and paired by build id.
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
}
