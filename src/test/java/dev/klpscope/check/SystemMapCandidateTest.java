package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.agreement.KernelOutcome;
import dev.klpscope.load.Loading;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.Resolution;
import dev.klpscope.module.ResolutionView;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vmlinux given as its System.map (+ Module.symvers): the committed excerpts of {@code samples/sysmap} (derived
 * from Debian's 6.12 map and the 6.1 maps made by Debian's mksysmap, with all same-named lines kept) against the
 * kernel's recordings of the vmlinux samples: the same outcome as the kernel, the sympos it bound at the address it
 * read back, and every check the map cannot make said as {@code info}, never a silent {@code ok}.
 */
class SystemMapCandidateTest {

    private static final Pattern RELEASE = Pattern.compile("vmlinux-(.+)\\.symtab\\.xz$");

    static Optional<Path> mapFor(String recordedCandidate) {
        Matcher m = RELEASE.matcher(recordedCandidate);
        if (!m.find()) {
            return Optional.empty();
        }
        Path map = SampleFiles.path("sysmap/" + m.group(1) + "/System.map-" + m.group(1));
        return Files.isRegularFile(map) ? Optional.of(map) : Optional.empty();
    }

    @Test
    void mapPredictsWhatTheKernelDidWithTheVmlinuxSamples() {
        int rows = 0;
        List<String> disagree = new ArrayList<>();
        for (Map.Entry<String, Path> recording : SampleFiles.kernelRecordings().entrySet()) {
            for (SampleFiles.KernelVerdict v : SampleFiles.kernelVerdicts(recording.getValue())) {
                Optional<Path> map = mapFor(v.candidate());
                if (!v.scenario().equals("vmlinux") || map.isEmpty()) {
                    continue;
                }
                rows++;
                Path patch = SampleFiles.recorded(recording.getValue(), v.patch());
                Inspection in = Loading.inspect(patch, List.of(map.get()), List.of());
                KernelOutcome outcome = v.outcome().equals("refused") ? KernelOutcome.REFUSED : KernelOutcome.LOADED_RIGHT;
                Severity worst = in.summary().worst();
                if (!outcome.agrees(worst)) {
                    disagree.add(v.candidate() + " " + v.order() + ": kernel " + v.outcome() + ", System.map " + worst);
                }
                if (outcome == KernelOutcome.REFUSED) {
                    // the kernel's first refusal line is the one klpscope prints for the map
                    String first = v.message().substring(v.message().lastIndexOf('|') + 1).trim();
                    assertTrue(allFindings(in).stream().anyMatch(f -> f.kernelMessage().filter(first::contains).isPresent()),
                            () -> "the kernel's line '" + first + "' among the map's findings");
                }
            }
        }
        assertTrue(rows >= 4, "recorded vmlinux rows with a committed map: " + rows);
        assertEquals(List.of(), disagree);
    }

    @Test
    void mapBindsTheSymposTheKernelReadBack() {
        // kernel-verdicts.tsv: "vmlinux_lp: core_pattern=core pmus,2=ffffffff833171e0" (6.1.0-57, nokaslr) and
        // "mm_slots_hash,2=ffffffff83828c40" (6.12)
        Pattern readBack = Pattern.compile("(\\w+),(\\d+)=([0-9a-f]{16})");
        int seen = 0;
        for (Map.Entry<String, Path> recording : SampleFiles.kernelRecordings().entrySet()) {
            for (SampleFiles.KernelVerdict v : SampleFiles.kernelVerdicts(recording.getValue())) {
                Optional<Path> map = mapFor(v.candidate());
                Matcher m = readBack.matcher(v.observed());
                if (!v.scenario().equals("vmlinux") || map.isEmpty() || !m.find()) {
                    continue;
                }
                KernelObject o = KernelObjectReader.read(map.get());
                Resolution r = o.symbols().resolve(m.group(1), Long.parseLong(m.group(2)), ResolutionView.TARGET_LOADED);
                assertTrue(r instanceof Resolution.Found, m.group(0) + " in " + map.get());
                assertEquals(Long.parseUnsignedLong(m.group(3), 16), ((Resolution.Found) r).symbol().value(), m.group(0));
                seen++;
            }
        }
        assertTrue(seen >= 2, "read-back rows: " + seen);
    }

    @Test
    void whatTheMapCannotJudgeIsSaidAsInfo() {
        Inspection in = Loading.inspect(SampleFiles.path("kernels/6.12/vmlinux/vmlinux_lp.ko"),
                List.of(SampleFiles.path("sysmap/6.12.95+deb12-amd64/System.map-6.12.95+deb12-amd64")), List.of());
        CandidateInfo c = in.candidates().get(0);
        assertEquals("6.12.95+deb12-amd64", c.release(), "the release from the map's name");
        Finding.SymbolsOnly source = c.findings().stream().filter(f -> f instanceof Finding.SymbolsOnly)
                .map(f -> (Finding.SymbolsOnly) f).findFirst().orElseThrow();
        assertTrue(source.source().endsWith("Module.symvers"), source.source());
        assertTrue(source.checks().containsAll(List.of("var-size-section", "patched-func-changed", "ftrace-location",
                "signature-trust")), source.checks().toString());
        assertFalse(source.checks().contains("crc-match"), "Module.symvers gives the CRCs");
        Target replaced = target(in, "cmdline_proc_show");
        List<String> notJudged = replaced.verdicts().get(0).findings().stream().filter(f -> f instanceof Finding.NotJudged)
                .map(Finding::check).toList();
        assertTrue(notJudged.containsAll(List.of("patched-func-changed", "ftrace-location")), notJudged.toString());
        Target twice = target(in, "mm_slots_hash");
        List<Finding> fs = twice.verdicts().get(0).findings();
        assertTrue(fs.stream().anyMatch(f -> f instanceof Finding.NotJudged n && n.check().equals("sympos-identity")
                && n.message().contains("no compilation units")), fs.toString());
        assertTrue(fs.stream().anyMatch(f -> f instanceof Finding.Resolves r && r.message().contains("position 2 of 2")
                && r.message().contains("size unknown")), fs.toString());
        allFindings(in).stream().filter(f -> f instanceof Finding.NotJudged || f instanceof Finding.SymbolsOnly)
                .forEach(f -> assertEquals(Severity.INFO, f.severity()));
    }

    @Test
    void withoutSymversTheImportsAreNotJudgedEither(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path map = Files.copy(SampleFiles.path("sysmap/6.12.95+deb12-amd64/System.map-6.12.95+deb12-amd64"),
                dir.resolve("System.map-6.12.95+deb12-amd64"));
        Inspection in = Loading.inspect(SampleFiles.path("kernels/6.12/vmlinux/vmlinux_lp.ko"), List.of(map), List.of());
        Target imported = target(in, "seq_printf");
        assertEquals(List.of("import-export"), imported.verdicts().get(0).findings().stream().map(Finding::check).toList());
        assertEquals(Severity.INFO, imported.verdicts().get(0).severity());
    }

    @Test
    void aVmlinuxWithSymbolsIsTheBaselineOverItsMap() {
        Path elf = SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz");
        Path map = SampleFiles.path("sysmap/6.1.0-57-amd64/System.map-6.1.0-57-amd64");
        Inspection in = Loading.inspect(SampleFiles.path("vmlinux/vmlinux_lp.ko"), List.of(map, elf), List.of());
        CandidateInfo mapInfo = in.candidates().stream().filter(c -> c.path().equals(map.toString())).findFirst().orElseThrow();
        CandidateInfo elfInfo = in.candidates().stream().filter(c -> c.path().equals(elf.toString())).findFirst().orElseThrow();
        assertTrue(elfInfo.baseline(), elfInfo.baselineReason());
        assertFalse(mapInfo.baseline());
        assertTrue(mapInfo.findings().stream().noneMatch(f -> f instanceof Finding.BaselineAmbiguous));
    }

    @Test
    void theMapNamedForThePatchsReleaseIsTheBaselineAmongMapsThatAgreeOtherwise(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        // 6.1.0-56's full map has the CRCs of 57's for every import of vmlinux_lp (the cache's, SystemMapAgreementTest):
        // the committed 57 excerpt under 56's name stands for it here; only the name's release tells them apart
        Path map57 = SampleFiles.path("sysmap/6.1.0-57-amd64/System.map-6.1.0-57-amd64");
        Path map56 = Files.createDirectories(dir.resolve("6.1.0-56-amd64")).resolve("System.map-6.1.0-56-amd64");
        Files.copy(map57, map56);
        Files.copy(SampleFiles.path("sysmap/6.1.0-57-amd64/Module.symvers"), map56.resolveSibling("Module.symvers"));
        Inspection in = Loading.inspect(SampleFiles.path("vmlinux/vmlinux_lp.ko"), List.of(map56, map57), List.of());
        CandidateInfo baseline = in.candidates().stream().filter(CandidateInfo::baseline).findFirst().orElseThrow();
        assertEquals(map57.toString(), baseline.path());
        assertTrue(baseline.baselineReason().contains("same kernel release"), baseline.baselineReason());
        assertTrue(in.candidates().stream().noneMatch(CandidateInfo::baselineAmbiguous));
    }

    private static Target target(Inspection in, String name) {
        return in.targets().stream().filter(t -> t.symbol().equals(name)).findFirst().orElseThrow();
    }

    private static List<Finding> allFindings(Inspection in) {
        List<Finding> all = new ArrayList<>();
        in.candidates().forEach(c -> all.addAll(c.findings()));
        in.targets().forEach(t -> t.verdicts().forEach(v -> all.addAll(v.findings())));
        return all;
    }
}
