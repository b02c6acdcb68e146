package dev.klpscope.module;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.Symbol;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.klpscope.elf.ElfHeader;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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

    /** 6.12 is built with IBT: answer begins with endbr64, its __fentry__ call and record at answer+4 (.text+0x14). */
    @Test
    void theRecordAfterAnIbtEndbrCounts() {
        KernelObject v1 = read(SampleFiles.path("kernels/6.12/ftrace/v1/foo.ko"));
        KernelObject v2 = read(SampleFiles.path("kernels/6.12/ftrace/v2/foo.ko"));
        Symbol answer = function(v1, "answer");
        assertEquals(0x10, answer.value());
        assertTrue(FtraceLocations.of(v1).orElseThrow().traceable(answer));
        assertFalse(FtraceLocations.of(v2).orElseThrow().traceable(function(v2, "answer")));
    }

    /**
     * x86-64 6.12 modules carry __patchable_function_entries too (readelf -r: .text+0 and .text+0x60, the 16-byte call
     * padding before livepatch_shadow_mod_init at 0x10 and dummy_alloc at 0x70): the loader reads __mcount_loc.
     */
    @Test
    void anX86ModuleIsReadFromMcountLocEvenWithPatchableEntries() {
        KernelObject m = read(SampleFiles.path("upstream/6.12/v1/livepatch-shadow-mod.ko"));
        FtraceLocations t = FtraceLocations.of(m).orElseThrow();
        assertEquals("__mcount_loc", t.table());
        assertTrue(t.traceable(function(m, "dummy_alloc")));
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

    /**
     * Every function of every 20th Debian 6.1.0-57 module (by path), when cached: traceable exactly when its code
     * holds a call to {@code __fentry__} (a relocation after opcode e8, the call the compiler emitted, read from {@code .rela.text*}, not
     * from the table under test).
     */
    @Test
    void everyFunctionWithAFentryCallIsTraceableInDebianModulesWhenCached() throws Exception {
        Path dir = Path.of("/var/cache/klpscope/modules/6.1.0-57/lib/modules/6.1.0-57-amd64/kernel");
        Assumptions.assumeTrue(Files.isDirectory(dir), "Debian modules 6.1.0-57 not cached");
        List<Path> modules;
        try (Stream<Path> s = Files.walk(dir)) {
            modules = s.filter(p -> p.toString().endsWith(".ko")).sorted().toList();
        }
        List<String> wrong = new ArrayList<>();
        int traceable = 0;
        int notTraceable = 0;
        for (int i = 0; i < modules.size(); i += 20) {
            KernelObject m = read(modules.get(i));
            Optional<FtraceLocations> t = FtraceLocations.of(m);
            int[] counts = compare(m, t, wrong);
            traceable += counts[0];
            notTraceable += counts[1];
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())));
        assertTrue(traceable > 1000 && notTraceable > 0, traceable + " traceable, " + notTraceable + " not");
    }

    /** The same over the whole Debian 6.1.0-57 -dbg vmlinux, when cached: its {@code .rela.text} kept by --emit-relocs. */
    @Test
    void everyFunctionWithAFentryCallIsTraceableInTheDebianVmlinuxWhenCached() {
        Path vmlinux = Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");
        Assumptions.assumeTrue(Files.isRegularFile(vmlinux), "Debian -dbg vmlinux 6.1.0-57 not cached");
        KernelObject v = read(vmlinux);
        List<String> wrong = new ArrayList<>();
        int[] counts = compare(v, FtraceLocations.of(v), wrong);
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())));
        assertTrue(counts[0] > 30000 && counts[1] > 1000, counts[0] + " traceable, " + counts[1] + " not");
    }

    /** Adds to {@code wrong} each function whose traceability disagrees with its __fentry__ calls; {traceable, not}. */
    private static int[] compare(KernelObject o, Optional<FtraceLocations> t, List<String> wrong) {
        List<long[]> calls = fentryCalls(o);
        boolean linked = o.image().header().type() != ElfHeader.ET_REL;
        int[] counts = new int[2];
        for (Symbol f : o.symbols().all()) {
            if (!f.isFunction() || f.isUndefined() || f.sectionIndex() >= Symbol.SHN_LORESERVE || f.size() == 0) {
                continue;
            }
            boolean expected = calls.stream().anyMatch(c -> (linked || c[0] == f.sectionIndex()) && c[1] >= f.value()
                    && c[1] < f.value() + f.size());
            boolean got = t.map(x -> x.traceable(f)).orElse(false);
            if (expected != got) {
                wrong.add(Path.of(o.path()).getFileName() + ":" + f.name() + (expected ? " has a __fentry__ call" : " has none"));
            }
            counts[got ? 0 : 1]++;
        }
        return counts;
    }

    /** (section, offset or, linked, address of the call) of every relocation to {@code __fentry__} in the code. */
    private static List<long[]> fentryCalls(KernelObject m) {
        List<Symbol> symbols = m.image().symbols();
        List<long[]> out = new ArrayList<>();
        for (Section rel : m.sections()) {
            if (!rel.isRelocation() || rel.isDebug() || rel.info() <= 0 || rel.info() >= m.sections().size()
                    || !m.image().section((int) rel.info()).isExecutable()) {
                continue;
            }
            Section code = m.image().section((int) rel.info());
            var bytes = m.image().data(code);
            long base = m.image().header().type() == ElfHeader.ET_REL ? 0 : code.address();
            for (Relocation r : m.image().relocations(rel)) {
                // a call: the rel32 follows opcode e8 (ftrace's own code also takes __fentry__'s address as data)
                if (r.symbolIndex() > 0 && symbols.get(r.symbolIndex()).name().equals("__fentry__")
                        && bytes.u8(r.offset() - base - 1, "call opcode") == 0xe8) {
                    out.add(new long[] {rel.info(), r.offset() - 1});
                }
            }
        }
        return out;
    }
}
