package dev.klpscope.check;

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
        Inspection in = Inspector.inspect(SampleFiles.path(patch), List.of(c), List.of());
        return BaselineEvidenceTest.candidate(in, c).findings().stream().filter(f -> f.check().equals("dup-definition")).toList();
    }

    /**
     * The kernel's selftest defines the module parameter {@code replace} (readelf: LOCAL OBJECT in .bss, reached
     * from {@code __param} and init only); 6.1.0-57's vmlinux has {@code replace}, a LOCAL FUNC of 455 bytes
     * (fib_trie.c). Not the same thing, nothing split.
     */
    @Test
    void aModuleParameterIsNotAStateSplitWithAFunctionOfTheKernel() {
        assertEquals(List.of(), duplicates("dupdef/test_klp_atomic_replace.ko", "vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"));
    }

    /** statesplit: the patch's answer() increments its own foo_state (R_X86_64_PC32 foo_state-5); foo v2 has one. */
    @Test
    void aVariableThePatchedCodeUsesIsStillASplit() {
        List<Finding> found = duplicates("statesplit/statesplit_lp.ko", "statesplit/v2/foo.ko");
        assertEquals(1, found.size(), found.toString());
        assertEquals(Severity.SILENT, found.get(0).severity());
        assertTrue(found.get(0).message().contains("foo_state"));
        assertEquals(List.of(), duplicates("statesplit/statesplit_lp.ko", "statesplit/v1/foo.ko"));
    }

    /** seed: the patch carries its own b(), and foo v2 has b(): a function copy, info. */
    @Test
    void aCarriedFunctionStaysInfo() {
        List<Finding> found = duplicates("seed/seed_lp1.ko", "seed/v2/foo.ko");
        assertEquals(1, found.size(), found.toString());
        assertEquals(Severity.INFO, found.get(0).severity());
    }
}
