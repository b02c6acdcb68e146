package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.load.Loading;
import dev.klpscope.module.DebugFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.klpscope.check.VariableLayoutDwarfTest.inspect;
import static dev.klpscope.check.VariableLayoutDwarfTest.layout;
import static dev.klpscope.check.VariableLayoutDwarfTest.objcopy;
import static dev.klpscope.check.VariableLayoutDwarfTest.unxz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What rides on an ambiguous baseline when the tied builds differ in a type: {@code var-layout} compares with the
 * baseline where the patch carries no layout of its own, and {@code func-prototype} always does, so the choice decides
 * which build is called silent. The expected layouts and prototypes are written from the sources
 * (samples/src/varlayout: v1 {@code struct foo_stats { unsigned long hits, misses; }}, v2 the two swapped;
 * samples/src/proto: v1 {@code int scale(int base, int x)}, v2 {@code int scale(int x)}); which build is taken is the
 * lower GNU build id (readelf -n, written below).
 */
class BaselineStakesTest {

    static Finding tie(Inspection in, Path p) {
        return in.candidate(p.toString()).orElseThrow().findings().stream().filter(f -> f.check().equals("baseline"))
                .findFirst().orElseThrow(() -> new AssertionError("no baseline finding on " + p));
    }

    static String head(Path first, Path second) {
        return "the baseline of foo is ambiguous: 2 candidates agree equally with the patch (3 CRCs of the patch's "
                + "__versions match, same vermagic): " + first + ", " + second + "; ";
    }

    /**
     * The 6.1 varlayout builds (DWARF only) with the patch stripped: no layout of the patch's own, so var-layout compares
     * with the baseline. v1 (build id c3f88e27…) is taken before v2 (ee0235c8…); with v2 given instead, v1, the build the
     * kernel's recording shows right (samples/varlayout/kernel-verdicts.tsv), would be the silent one.
     */
    @Test
    void aStrippedPatchLeavesTheLayoutToTheChoice(@TempDir Path dir) throws Exception {
        Path full = VariableLayoutDwarfTest.DIR;
        Path lp = objcopy("--strip-debug", unxz(full.resolve("varlayout_lp.ko.xz"), dir, "full/varlayout_lp.ko"),
                dir.resolve("varlayout_lp.ko"));
        Path v1 = unxz(full.resolve("v1/foo.ko.xz"), dir, "v1/foo.ko");
        Path v2 = unxz(full.resolve("v2/foo.ko.xz"), dir, "v2/foo.ko");

        Inspection in = inspect(lp, List.of(v2, v1), List.of(), DebugFiles.NONE);
        Finding tie = tie(in, v1);
        assertEquals(tie, tie(in, v2));
        assertEquals(Severity.SILENT, tie.severity());
        assertEquals(head(v1, v2) + "variable foo_stats (struct foo_stats) is laid out differently in them (from " + v1
                + " to " + v2 + ": `misses`: offset 0x8 → 0x0; `hits`: offset 0x0 → 0x8), so at least one of them is a "
                + "silent break: var-layout on foo_stats,0 depends on the choice; " + v1
                + " was taken (lowest build id, then path); give --baseline", tie.message());

        // what depends on it: each build is silent exactly when the other is the baseline
        assertEquals(Severity.SILENT, layout(inspect(lp, List.of(v1, v2), List.of(v1), DebugFiles.NONE), v2).get(0).severity());
        assertEquals(List.of(), layout(inspect(lp, List.of(v1, v2), List.of(v1), DebugFiles.NONE), v1));
        assertEquals(Severity.SILENT, layout(inspect(lp, List.of(v1, v2), List.of(v2), DebugFiles.NONE), v1).get(0).severity());
    }

    /** The unstripped patch declares foo_stats as v1 lays it out: that is the reference, whichever build is taken. */
    @Test
    void thePatchsOwnLayoutLeavesNothingToTheChoice(@TempDir Path dir) throws Exception {
        Path full = VariableLayoutDwarfTest.DIR;
        Path lp = unxz(full.resolve("varlayout_lp.ko.xz"), dir, "varlayout_lp.ko");
        Path v1 = unxz(full.resolve("v1/foo.ko.xz"), dir, "v1/foo.ko");
        Path v2 = unxz(full.resolve("v2/foo.ko.xz"), dir, "v2/foo.ko");
        Finding tie = tie(inspect(lp, List.of(v2, v1), List.of(), DebugFiles.NONE), v2);
        assertEquals(Severity.WARN, tie.severity());
        assertEquals(head(v1, v2) + "every target binds alike in them and no check's verdict depends on which is taken; "
                + v1 + " was taken (lowest build id, then path); give --baseline", tie.message());
    }

    /**
     * The 6.12 builds (BTF split on the cached 6.12 vmlinux's) with the patch's own .BTF removed: v2 (6449f26f…) is
     * taken before v1 (e86ac9a2…), and the layouts are told from v2's to v1's.
     */
    @Test
    void theSameFromSplitBtf(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(VariableLayoutTest.VMLINUX), "no 6.12 vmlinux in the cache");
        Path lp = objcopy("--remove-section=.BTF", VariableLayoutTest.PATCH, dir.resolve("varlayout_lp.ko"));
        Path v1 = VariableLayoutTest.V1;
        Path v2 = VariableLayoutTest.V2;
        Finding tie = tie(Loading.inspect(lp, List.of(v1, v2, VariableLayoutTest.VMLINUX), List.of()), v1);
        assertEquals(Severity.SILENT, tie.severity());
        assertEquals(head(v1, v2) + "variable foo_stats (struct foo_stats) is laid out differently in them (from " + v2
                + " to " + v1 + ": `hits`: offset 0x8 → 0x0; `misses`: offset 0x0 → 0x8), so at least one of them is a "
                + "silent break: var-layout on foo_stats,0 depends on the choice; " + v2
                + " was taken (lowest build id, then path); give --baseline", tie.message());

        Finding withOwn = tie(Loading.inspect(VariableLayoutTest.PATCH, List.of(v1, v2, VariableLayoutTest.VMLINUX),
                List.of()), v1);
        assertEquals(Severity.WARN, withOwn.severity(), withOwn.message());
    }

    /**
     * The 6.1 proto builds (DWARF): proto_call_lp calls scale(), whose prototype v1 and v2 disagree on; v2 (4c7eb489…)
     * is taken before v1 (8a9f559d…).
     */
    @Test
    void aCalledFunctionsPrototypeRidesOnTheChoice(@TempDir Path dir) throws Exception {
        Path src = SampleFiles.path("proto/unstripped");
        Path v1 = unxz(src.resolve("v1/foo.ko.xz"), dir, "v1/foo.ko");
        Path v2 = unxz(src.resolve("v2/foo.ko.xz"), dir, "v2/foo.ko");
        Finding tie = tie(inspect(src.resolve("proto_call_lp.ko"), List.of(v1, v2), List.of(), DebugFiles.NONE), v1);
        assertEquals(Severity.SILENT, tie.severity());
        assertEquals(head(v1, v2) + "the prototype of scale differs between them (int (int x) in " + v2
                + ", int (int base, int x) in " + v1 + "), so at least one of them is a silent break: func-prototype on "
                + "scale,0 depends on the choice; " + v2 + " was taken (lowest build id, then path); give --baseline",
                tie.message());

        // ratio() is replaced: its code differs too (risk alone), its prototype makes it silent
        Finding repl = tie(inspect(src.resolve("proto_repl_lp.ko"), List.of(v1, v2), List.of(), DebugFiles.NONE), v1);
        assertEquals(Severity.SILENT, repl.severity());
        assertTrue(repl.message().contains("the prototype of ratio differs between them (long int (long int den, long int num) in "
                + v2 + ", int (int num, int den) in " + v1 + "), and ratio,0 differs between them, so at least one of them "
                + "is a silent break: func-prototype on ratio,0 depends on the choice; "), repl.message());
    }
}
