package dev.klpscope.check;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kind of a target no candidate resolves comes from what its name is in the candidates. */
class UnresolvedKindTest {

    /**
     * vmlinux_lp reads pmus,2 with a mov (R_X86_64_PC32, not a call) through a NOTYPE .klp.sym; 6.12 has one pmus,
     * an OBJECT (readelf), so position 2 resolves nowhere: still a variable.
     */
    @Test
    void anUnresolvedReadOfAVariableIsAVariable() {
        Path v612 = SampleFiles.path("kernels/6.12/vmlinux/vmlinux-6.12.95+deb12-amd64.symtab.xz");
        Inspection in = Loading.inspect(SampleFiles.path("vmlinux/vmlinux_lp.ko"), List.of(v612), List.of());
        Target pmus = in.targets().stream().filter(t -> t.symbol().equals("pmus")).findFirst().orElseThrow();
        assertTrue(pmus.verdicts().get(0).severity().atLeast(Severity.REFUSED), "pmus,2 does not resolve in 6.12");
        assertEquals(TargetKind.VARIABLE, pmus.kind());
    }
}
