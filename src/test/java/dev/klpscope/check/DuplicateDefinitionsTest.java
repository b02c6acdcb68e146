package dev.klpscope.check;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dup-definition}: only a variable the patch's own code uses, against a variable of the target. */
class DuplicateDefinitionsTest {

    private static List<Finding> duplicates(String patch, String candidate) {
        Path c = SampleFiles.path(candidate);
        Inspection in = Loading.inspect(SampleFiles.path(patch), List.of(c), List.of());
        return BaselineEvidenceTest.candidate(in, c).findings().stream().filter(f -> f.check().equals("dup-definition")).toList();
    }

    /**
     * The kernel's selftest defines the module parameter {@code replace} (readelf: LOCAL OBJECT in .bss, reached
     * from {@code __param} and init only); 6.1.0-57's vmlinux has {@code replace}, a LOCAL FUNC of 455 bytes
     * (fib_trie.c). Not the same thing, nothing split.
     */
    @Test
    void aModuleParameterIsNotAStateSplitWithAFunctionOfTheKernel() {
        assertEquals(List.of(), duplicates("upstream/6.1/test_klp_atomic_replace.ko", "vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"));
    }

    /**
     * dupdef_unit_lp replaces cmdline_proc_show() (a static of cmdline.c in 6.1.0-57's .symtab) with code that
     * counts in its own static 'off'; vmlinux's three statics 'off' belong to thermal.c, cpufreq.c and cpuidle.c
     * (the STT_FILE entries before them): the replaced code never reached any of them.
     */
    @Test
    void aStaticOfAnotherCompilationUnitIsNotTheState() {
        assertEquals(List.of(), duplicates("dupdef/dupdef_unit_lp.ko", "vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"));
    }

    /** dupdef_same_unit_lp replaces thermal_get_temp(), of thermal.c, whose static 'off' the patch's own copies. */
    @Test
    void aStaticOfTheReplacedFunctionsUnitIsSplit() {
        assertOneFinding(duplicates("dupdef/dupdef_same_unit_lp.ko", "vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"),
                Severity.SILENT, "'off'", "in thermal.c");
    }

    private static void assertOneFinding(List<Finding> found, Severity severity, String... words) {
        assertEquals(1, found.size(), found.toString());
        assertEquals(severity, found.get(0).severity());
        for (String w : words) {
            assertTrue(found.get(0).message().contains(w), found.get(0).message());
        }
    }

    /**
     * The 6.12 selftest test_klp_state keeps its functions' names in {@code __func__.N} strings (.rodata, readelf);
     * 6.12's vmlinux has statics of those names in tree.c and ldm.c: constants, never state, nothing reported.
     */
    @Test
    void aConstantIsNeverState() {
        assertEquals(List.of(), duplicates("upstream/6.12/test_klp_state.ko",
                "kernels/6.12/vmlinux/vmlinux-6.12.95+deb12-amd64.symtab.xz"));
    }

    /** statesplit: the patch's answer() increments its own foo_state (R_X86_64_PC32 foo_state-5); foo v2 has one. */
    @Test
    void aVariableThePatchedCodeUsesIsStillASplit() {
        assertOneFinding(duplicates("statesplit/statesplit_lp.ko", "statesplit/v2/foo.ko"), Severity.SILENT, "foo_state");
        assertEquals(List.of(), duplicates("statesplit/statesplit_lp.ko", "statesplit/v1/foo.ko"));
    }

    /** seed: the patch carries its own b(), and foo v2 has b(): a function copy, info. */
    @Test
    void aCarriedFunctionStaysInfo() {
        assertOneFinding(duplicates("seed/seed_lp1.ko", "seed/v2/foo.ko"), Severity.INFO, "'b'");
    }
}
