package dev.klpscope.check;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.livepatch.PatchedFunction;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ftrace-location through the Inspector on the ftrace sample (recorded on 6.1: refused on foo v2), and clone-siblings
 * and alias on Debian's real 6.1.0-57 vmlinux symbol table. Expected names are what {@code readelf -s} shows there.
 */
class HookChecksTest {

    private static KernelObject vmlinux;
    private static Livepatch patch;

    @BeforeAll
    static void read() {
        vmlinux = KernelObjectReader.read(SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"));
        patch = LivepatchReader.read(SampleFiles.path("vmlinux/vmlinux_lp.ko"));
    }

    private static List<Finding> copies(String name) {
        PatchedFunction f = new PatchedFunction("vmlinux", name, 0, "livepatch_" + name, OptionalLong.empty(), "test");
        return HookChecks.copies(patch, f, vmlinux, vmlinux.symbols().anyDefined(name).orElseThrow());
    }

    @Test
    void aNotraceFunctionIsRefusedWithTheKernelsMessage() {
        Inspection i = Loading.inspect(SampleFiles.path("ftrace/ftrace_lp.ko"),
                List.of(SampleFiles.path("ftrace/v1/foo.ko"), SampleFiles.path("ftrace/v2/foo.ko")),
                List.of(SampleFiles.path("ftrace/v1/foo.ko")));
        Target answer = i.targets().stream().filter(t -> t.role() == Role.PATCHED && t.symbol().equals("answer"))
                .findFirst().orElseThrow();
        List<Finding> v1 = answer.verdicts().get(0).findings();
        List<Finding> v2 = answer.verdicts().get(1).findings();
        assertTrue(v1.stream().noneMatch(f -> f.check().equals("ftrace-location")), v1.toString());
        Finding refused = v2.stream().filter(f -> f.check().equals("ftrace-location")).findFirst().orElseThrow();
        assertEquals(Severity.REFUSED, refused.severity());
        // samples/kernel-verdicts.tsv, ftrace x v2, both orders
        assertEquals("livepatch: failed to find location for function 'answer'", refused.kernelMessage().orElseThrow());
    }

    @Test
    void aPartialInliningCopyInTheSameUnitIsNamed() {
        // readelf -s: nmi_handle and nmi_handle.part.0, both LOCAL after FILE nmi.c
        List<Finding> f = copies("nmi_handle");
        Finding.UnreplacedCopies c = (Finding.UnreplacedCopies) f.stream()
                .filter(x -> x instanceof Finding.UnreplacedCopies).findFirst().orElseThrow();
        assertEquals(List.of("nmi_handle.part.0"), c.copies());
        assertEquals(Severity.RISK, c.severity());
    }

    @Test
    void anotherUnitsCopyOfTheSameNameIsNotASibling() {
        // elf_map is binfmt_elf.c's; elf_map.isra.0 follows FILE compat_binfmt_elf.c (its own static elf_map, cloned)
        assertTrue(copies("elf_map").stream().noneMatch(x -> x instanceof Finding.UnreplacedCopies), copies("elf_map").toString());
    }

    @Test
    void namesAtTheSameEntryAreAliasesNotCopies() {
        // readelf -s: __do_sys_rt_sigreturn, __ia32_sys_rt_sigreturn and __x64_sys_rt_sigreturn share one address
        List<Finding> f = copies("__x64_sys_rt_sigreturn");
        Finding.SameAddressAliases a = (Finding.SameAddressAliases) f.stream()
                .filter(x -> x instanceof Finding.SameAddressAliases).findFirst().orElseThrow();
        assertEquals(List.of("__do_sys_rt_sigreturn", "__ia32_sys_rt_sigreturn"), a.aliases());
        assertEquals(Severity.INFO, a.severity());
    }
}
