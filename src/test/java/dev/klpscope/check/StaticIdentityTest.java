package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.ResolutionView;
import dev.klpscope.module.code.Provenance;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identity of same-named statics on real builds: the sympos samples (alpha.c, beta.c, gamma.c each with a static
 * helper(); stripped, so without STT_FILE: neighbours and code decide) and Debian's vmlinux symbol tables of
 * 6.1.0-47 and -57 (STT_FILE kept; units read with {@code readelf -s}, which lists each unit's FILE entry before
 * its locals).
 */
class StaticIdentityTest {

    private static KernelObject read(String sample) {
        return KernelObjectReader.read(SampleFiles.path(sample));
    }

    private static final KernelObject SYMPOS_1 = read("sympos/v1/foo.ko");

    /** v3 links gamma.c ahead of beta.c: position 2 of helper is gamma's (returns 300), beta's is third. */
    @Test
    void aShiftToAnotherUnitsCopyIsFound() {
        StaticIdentity r = StaticIdentity.judge(SYMPOS_1, read("sympos/v3/foo.ko"), "helper", 2);
        StaticIdentity.OtherUnit o = assertInstanceOf(StaticIdentity.OtherUnit.class, r);
        assertEquals(3, o.baselineCopyAt());
    }

    /** v4 only adds a static solo to beta.c: helper,2 is still beta's, unchanged. */
    @Test
    void theSameCopyUnchanged() {
        assertInstanceOf(StaticIdentity.SameUnitUnchanged.class, StaticIdentity.judge(SYMPOS_1, read("sympos/v4/foo.ko"), "helper", 2));
        assertInstanceOf(StaticIdentity.SameUnitUnchanged.class, StaticIdentity.judge(SYMPOS_1, read("sympos/v3/foo.ko"), "helper", 1));
    }

    /** changed/v2 edits compute() (22 -> 68 bytes): the same function, changed, with where. */
    @Test
    void theSameFunctionChanged() {
        StaticIdentity r = StaticIdentity.judge(read("changed/v1/foo.ko"), read("changed/v2/foo.ko"), "compute", 0);
        StaticIdentity.SameUnitChanged c = assertInstanceOf(StaticIdentity.SameUnitChanged.class, r);
        assertEquals(8, c.difference().orElseThrow().offsetB());
    }

    /**
     * cpumask_weight (an inline emitted out of line) has a copy in many units; by address, copy 10 is update.c's
     * in 6.1.0-57 and clockevents.c's in -47, which has no update.c copy (readelf -s of both symbol tables).
     */
    @Test
    void vmlinuxUnitsFromSttFile() {
        KernelObject v57 = read("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz");
        KernelObject v47 = read("vmlinux/v47/vmlinux-6.1.0-47-amd64.symtab.xz");
        List<Symbol> copies = v57.symbols().named("cpumask_weight", ResolutionView.TARGET_LOADED);
        assertEquals(Optional.of("update.c"), Provenance.unit(v57, copies.get(9)));
        assertEquals(Optional.of("build_utility.c"), Provenance.unit(v57, copies.get(8)));
        StaticIdentity.OtherUnit o = assertInstanceOf(StaticIdentity.OtherUnit.class,
                StaticIdentity.judge(v57, v47, "cpumask_weight", 10));
        assertEquals("the copy from update.c", o.baselineUnit());
        assertEquals("the copy from clockevents.c", o.candidateUnit());
        assertEquals(0, o.baselineCopyAt());
        // copy 9 (build_utility.c) is the same unit in both; no code in these files, and the same size: unchanged
        assertInstanceOf(StaticIdentity.SameUnitUnchanged.class, StaticIdentity.judge(v57, v47, "cpumask_weight", 9));
    }

    /**
     * trace_module_notify,2 is trace_events.c's in both (546 bytes in 6.1.0-57, 638 in -47; readelf -s): the same
     * function changed, not a different symbol, although its size differs.
     */
    @Test
    void aSizeChangeInTheSameUnitIsTheSameFunctionChanged() {
        KernelObject v57 = read("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz");
        KernelObject v47 = read("vmlinux/v47/vmlinux-6.1.0-47-amd64.symtab.xz");
        StaticIdentity.SameUnitChanged c = assertInstanceOf(StaticIdentity.SameUnitChanged.class,
                StaticIdentity.judge(v57, v47, "trace_module_notify", 2));
        assertEquals("trace_events.c", c.unit());
        assertEquals(546, c.difference().orElseThrow().sizeA());
        assertEquals(638, c.difference().orElseThrow().sizeB());
    }

    /** Globals name no unit: they come after every unit's locals. */
    @Test
    void globalsHaveNoUnit() {
        KernelObject v57 = read("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz");
        Symbol printk = v57.symbols().named("seq_printf", ResolutionView.TARGET_LOADED).get(0);
        assertEquals(Optional.empty(), Provenance.unit(v57, printk));
    }

    /** The Inspector's findings are these: silent for the shift (naming both copies), and where code changed. */
    @Test
    void findingsSayIt() {
        var patch = LivepatchReader.read(SampleFiles.path("sympos/sympos_lp.ko"));
        Inspection in = Inspector.inspect(patch, List.of(SYMPOS_1, read("sympos/v3/foo.ko")), List.of(SYMPOS_1.path()));
        String helper = in.targets().stream().filter(t -> t.symbol().equals("helper")).findFirst().orElseThrow()
                .verdicts().get(1).findings().stream().filter(f -> f.check().equals("sympos-identity")).findFirst()
                .orElseThrow().message();
        assertTrue(helper.startsWith("position 2 of 'helper' binds another compilation unit's copy here"), helper);
        assertTrue(helper.endsWith("the baseline's copy is at position 3 here"), helper);

        KernelObject c1 = read("changed/v1/foo.ko");
        Inspection changed = Inspector.inspect(LivepatchReader.read(SampleFiles.path("changed/changed_lp.ko")),
                List.of(c1, read("changed/v2/foo.ko")), List.of(c1.path()));
        String compute = changed.targets().stream().filter(t -> t.symbol().equals("compute")).findFirst().orElseThrow()
                .verdicts().get(1).findings().stream().filter(f -> f.check().equals("patched-func-changed")).findFirst()
                .orElseThrow().message();
        assertEquals("'compute', which the patch replaces, is 68 bytes here, 22 in the baseline (" + c1.path()
                + "): first difference at +0x8: here 85 ff (no address), in the baseline e8 e3 ff ff ff (reaches scale)", compute);
    }
}
