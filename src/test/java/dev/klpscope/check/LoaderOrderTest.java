package dev.klpscope.check;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loader's first refusal is reported first: {@code check_modstruct_version()} (module_layout) comes before
 * {@code check_modinfo()} (vermagic) and before the CRCs of other imports. CRCs below are read with readelf from
 * the {@code __versions} sections: debian_lp.ko and 6.1.0-57's sch_codel.ko say 0x9060323f for module_layout,
 * 6.1.0-47's sch_codel.ko says 0x160c03af (and the 57 vmlinux's {@code __kcrctab} 3f 32 60 90).
 */
class LoaderOrderTest {

    @Test
    void aModuleOfAnotherAbiRefusesThePatchByModuleLayoutFirst() {
        Path v47 = SampleFiles.path("debian/v47/sch_codel.ko");
        Inspection in = Loading.inspect(SampleFiles.path("debian/debian_lp.ko"), List.of(v47), List.of());
        List<Finding> findings = BaselineEvidenceTest.candidate(in, v47).findings();
        Finding first = findings.stream().filter(f -> f.severity().atLeast(Severity.WARN)).findFirst().orElseThrow();
        Finding.ModuleLayoutMismatch m = assertInstance(first);
        assertEquals(0x9060323fL, m.patchCrc());
        assertEquals(0x160c03afL, m.kernelCrc());
        assertEquals("debian_lp: disagrees about version of symbol module_layout", m.kernelMessage().orElseThrow());
        assertTrue(findings.indexOf(first) < findings.stream().map(Finding::check).toList().indexOf("vermagic"),
                "module_layout before vermagic: " + findings);
    }

    @Test
    void theSameAbiHasNoModuleLayoutFinding() {
        Path v57 = SampleFiles.path("debian/v57/sch_codel.ko");
        Inspection in = Loading.inspect(SampleFiles.path("debian/debian_lp.ko"), List.of(v57), List.of());
        assertTrue(BaselineEvidenceTest.candidate(in, v57).findings().stream().noneMatch(f -> f.check().equals("module-layout")));
        assertEquals("6.1.0-57-amd64", BaselineEvidenceTest.candidate(in, v57).release());
    }

    /**
     * The committed reduced vmlinux files keep {@code .notes} and {@code __kcrctab*}: 6.1.0-47's module_layout CRC
     * is 0x160c03af (readelf -x __kcrctab at __crc_module_layout), its build id (readelf -n) 12f1e1ca….
     */
    @Test
    void aVmlinuxOfAnotherAbiRefusesByModuleLayoutFirst() {
        Path v47 = SampleFiles.path("vmlinux/v47/vmlinux-6.1.0-47-amd64.symtab.xz");
        Inspection in = Loading.inspect(SampleFiles.path("vmlinux/vmlinux_lp.ko"), List.of(v47), List.of());
        CandidateInfo c = BaselineEvidenceTest.candidate(in, v47);
        Finding.ModuleLayoutMismatch m = assertInstance(c.findings().stream()
                .filter(f -> f.severity().atLeast(Severity.REFUSED)).findFirst().orElseThrow());
        assertEquals(0x160c03afL, m.kernelCrc());
        assertEquals("vmlinux_lp: disagrees about version of symbol module_layout", m.kernelMessage().orElseThrow());
        assertEquals("12f1e1ca032e499318c5cc64e024d3e617624bf6", c.buildId());
    }

    /** With the vmlinux of the module's kernel given (cached Debian -dbg build), its __kcrctab is the kernel's word. */
    @Test
    void theVmlinuxOfTheModulesKernelSaysItWhenGiven() {
        Path vmlinux47 = Path.of("/var/cache/klpscope/dbg/6.1.0-47/vmlinux");
        Assumptions.assumeTrue(Files.isRegularFile(vmlinux47), "Debian -dbg vmlinux 6.1.0-47 not cached");
        Path v47 = SampleFiles.path("debian/v47/sch_codel.ko");
        Inspection in = Loading.inspect(SampleFiles.path("debian/debian_lp.ko"), List.of(v47, vmlinux47), List.of());
        Finding.ModuleLayoutMismatch m = assertInstance(BaselineEvidenceTest.candidate(in, v47).findings().stream()
                .filter(f -> f.check().equals("module-layout")).findFirst().orElseThrow());
        assertTrue(m.source().contains(vmlinux47.toString()), m.source());
        assertEquals(0x160c03afL, m.kernelCrc());
    }

    private static Finding.ModuleLayoutMismatch assertInstance(Finding f) {
        assertTrue(f instanceof Finding.ModuleLayoutMismatch, "first refusal: " + f.check() + ": " + f.message());
        return (Finding.ModuleLayoutMismatch) f;
    }
}
