package dev.klpscope.module;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.Symbol;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ftrace records of real builds. Expected values are what {@code readelf -r} and {@code objdump -d} show for
 * these files (the {@code call __fentry__} at a function's entry, or none), not what the reader computes.
 */
class FtraceLocationsTest {

    private static KernelObject read(Path p) {
        return KernelObjectReader.read(p);
    }

    private static Symbol function(KernelObject o, String name) {
        return o.symbols().anyDefined(name).orElseThrow();
    }

    @Test
    void aNotraceFunctionHasNoRecordInTheModulesMcountTable() {
        KernelObject v1 = read(SampleFiles.path("ftrace/v1/foo.ko"));
        KernelObject v2 = read(SampleFiles.path("ftrace/v2/foo.ko"));
        FtraceLocations t1 = FtraceLocations.of(v1).orElseThrow();
        FtraceLocations t2 = FtraceLocations.of(v2).orElseThrow();
        assertEquals("__mcount_loc", t1.table());
        // readelf -r: v1 .rela__mcount_loc has .text+0 (answer) and .text+0x10 (scale); v2 only .text+0x10
        assertTrue(t1.traceable(function(v1, "answer")));
        assertTrue(t1.traceable(function(v1, "scale")));
        assertFalse(t2.traceable(function(v2, "answer")));
        assertTrue(t2.traceable(function(v2, "scale")));
    }

    @Test
    void aVmlinuxReducedToItsSymbolsHoldsNoTable() {
        KernelObject v = read(SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"));
        assertEquals(Optional.empty(), FtraceLocations.of(v).map(FtraceLocations::table));
    }

    /** Debian's 6.1.0-57 -dbg vmlinux, when cached: the linked table between __start_mcount_loc and __stop_mcount_loc. */
    @Test
    void theDebianVmlinuxTableWhenCached() {
        Path vmlinux = Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");
        Assumptions.assumeTrue(Files.isRegularFile(vmlinux), "Debian -dbg vmlinux 6.1.0-57 not cached");
        KernelObject v = read(vmlinux);
        FtraceLocations t = FtraceLocations.of(v).orElseThrow();
        // objdump -d: cmdline_proc_show starts with call __fentry__; trace_clock_local (notrace) with incl %gs:...
        assertTrue(t.traceable(function(v, "cmdline_proc_show")));
        assertFalse(t.traceable(function(v, "trace_clock_local")));
    }

    /** Every Debian 6.1.0-57 module that has an __mcount_loc, when cached: a module's table is found in each. */
    @Test
    void debianModulesWhenCached() throws Exception {
        Path sch = Path.of("/var/cache/klpscope/modules/6.1.0-57/lib/modules/6.1.0-57-amd64/kernel/net/sched/sch_codel.ko");
        Assumptions.assumeTrue(Files.isRegularFile(sch), "Debian modules 6.1.0-57 not cached");
        KernelObject m = read(sch);
        FtraceLocations t = FtraceLocations.of(m).orElseThrow();
        // objdump -d: codel_dump and codel_init begin with call __fentry__ (a relocation in .rela__mcount_loc)
        assertTrue(t.traceable(function(m, "codel_dump")));
        assertTrue(t.traceable(function(m, "codel_init")));
    }
}
