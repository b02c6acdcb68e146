package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.ResolutionView;
import dev.klpscope.module.code.FunctionCode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Code compared by meaning on real builds: Debian's sch_codel.ko of ABIs 6.1.0-47 and -57, the same modules
 * linked into images with and without relocations ({@code samples/linked/make-linked.sh}), kbuild samples of
 * several builds, and (when cached) Debian's -dbg vmlinux files. Expected places come from {@code objdump -d}.
 */
class CodeComparisonTest {

    private static final KernelObject CODEL_47 = read("debian/v47/sch_codel.ko");
    private static final KernelObject CODEL_57 = read("debian/v57/sch_codel.ko");

    private static KernelObject read(String sample) {
        return KernelObjectReader.read(SampleFiles.path(sample));
    }

    private static Symbol function(KernelObject o, String name) {
        return o.symbols().named(name, ResolutionView.TARGET_COMING).get(0);
    }

    private static Optional<CodeDifference> compare(KernelObject a, KernelObject b, String name) {
        return CodeComparison.compare(a, function(a, name), b, function(b, name));
    }

    /**
     * Same source in two Debian builds: equal. In the modules these functions are byte- and relocation-identical
     * (objdump); linked without relocations their calls' displacements differ (codel_qdisc_dequeue is 2042 bytes in
     * 47, 81 in 57, and moves everything after it), and they are still equal.
     */
    @Test
    void sameCodeInTwoDebianBuildsIsEqual() {
        KernelObject linked47 = read("linked/sch_codel-v47.no-relocs.elf");
        KernelObject linked57 = read("linked/sch_codel-v57.no-relocs.elf");
        int movedBytes = 0;
        for (String f : List.of("codel_qdisc_enqueue", "codel_dump_stats", "codel_dump", "INET_ECN_set_ce", "codel_vars_init",
                "codel_module_init", "codel_module_exit")) {
            assertEquals(Optional.empty(), compare(CODEL_47, CODEL_57, f), f);
            assertEquals(Optional.empty(), compare(linked47, linked57, f), f + " linked");
            movedBytes += java.util.Arrays.equals(bytes(linked47, f), bytes(linked57, f)) ? 0 : 1;
        }
        assertTrue(movedBytes >= 4, "functions whose linked bytes differ: " + movedBytes);
    }

    /** codel_init reads another field of struct Qdisc in 57 (objdump: +0x4c mov 0x40(%rbx) in 47, 0x48(%rbx) in 57). */
    @Test
    void changedCodeSaysWhere() {
        CodeDifference d = compare(CODEL_47, CODEL_57, "codel_init").orElseThrow();
        assertEquals(0x4c, d.offsetA());
        assertEquals(0x4c, d.offsetB());
        assertEquals("48 8b 43 40", d.instructionA());
        assertEquals("48 8b 43 48", d.instructionB());
        assertEquals("first difference at +0x4c: here 48 8b 43 48 (no address), in the baseline 48 8b 43 40 (no address)",
                d.describe());
    }

    /** changed/v2 clamps negatives before calling scale(): objdump shows test at +0x8 where v1 calls scale. */
    @Test
    void differenceNamesTheReferenceOnEachSide() {
        CodeDifference d = compare(read("changed/v1/foo.ko"), read("changed/v2/foo.ko"), "compute").orElseThrow();
        assertEquals(8, d.offsetB());
        assertEquals("e8 e3 ff ff ff", d.instructionA());
        assertEquals("scale", d.referenceA());
        assertEquals("85 ff", d.instructionB());
        assertEquals("", d.referenceB());
        assertEquals(22, d.sizeA());
        assertEquals(68, d.sizeB());
    }

    /** A module and the same module linked (with and without relocations) have the same code by meaning. */
    @Test
    void modulesAndLinkedImagesAlike() {
        for (String v : List.of("v47", "v57")) {
            KernelObject module = read("debian/" + v + "/sch_codel.ko");
            KernelObject emit = read("linked/sch_codel-" + v + ".emit-relocs.elf");
            KernelObject bare = read("linked/sch_codel-" + v + ".no-relocs.elf");
            assertTrue(emit.image().sections().stream().anyMatch(s -> s.name().equals(".rela.text")));
            assertFalse(bare.image().sections().stream().anyMatch(s -> s.isRelocation()));
            int compared = 0;
            for (Symbol f : module.symbols().all()) {
                if (f.isFunction() && f.size() > 0) {
                    assertEquals(Optional.empty(), CodeComparison.compare(module, f, emit, function(emit, f.name())), v + " " + f.name());
                    assertEquals(Optional.empty(), CodeComparison.compare(emit, function(emit, f.name()), bare, function(bare, f.name())),
                            v + " " + f.name());
                    compared++;
                }
            }
            assertEquals(v.equals("v47") ? 14 : 15, compared, "functions in sch_codel.ko (readelf -s)");
        }
        // and the linked images without relocations tell the same change at the same place
        CodeDifference d = compare(read("linked/sch_codel-v47.no-relocs.elf"), read("linked/sch_codel-v57.no-relocs.elf"),
                "codel_init").orElseThrow();
        assertEquals(0x4c, d.offsetB());
        assertEquals("48 8b 43 48", d.instructionB());
    }

    /**
     * ppc64le: the patch's livepatch_a calls c() through a klp relocation and a stub (a nop after the bl, where the
     * loader restores r2); foo v2's a() calls its own c() directly. Same code; foo v1's a() is the unfixed one.
     */
    @Test
    void ppc64CallsThroughAStubAndLocalCallsAlike() {
        KernelObject patch = read("kernels/6.1-ppc64el/seed/seed_lp1.ko");
        Symbol fixed = function(patch, "livepatch_a");
        KernelObject v2 = read("kernels/6.1-ppc64el/seed/v2/foo.ko");
        KernelObject v1 = read("kernels/6.1-ppc64el/seed/v1/foo.ko");
        assertEquals(80, fixed.size());
        assertEquals(76, function(v2, "a").size());
        assertEquals(Optional.empty(), CodeComparison.compare(patch, fixed, v2, function(v2, "a")));
        assertTrue(CodeComparison.compare(patch, fixed, v1, function(v1, "a")).isPresent());
    }

    /** The symtab-only vmlinux samples have no code: only sizes can be compared. */
    @Test
    void withoutCodeOnlySizesCount() {
        KernelObject v57 = read("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz");
        Symbol f = function(v57, "cmdline_proc_show");
        assertFalse(CodeComparison.comparable(v57, f));
        assertEquals(Optional.empty(), CodeComparison.compare(v57, f, v57, f));
        Symbol g = function(v57, "seq_printf");
        CodeDifference d = CodeComparison.compare(v57, f, v57, g).orElseThrow();
        assertFalse(d.located());
        assertEquals("", d.describe());
    }

    /**
     * Debian's -dbg vmlinux of 6.1.0-57 and -56 (6.1.192-3 and -2): one source, rebuilt. Every function whose name is
     * unique in both is equal by meaning except those that print the kernel's release or Debian version, with the
     * relocations (--emit-relocs) and without them alike. Runs where the cache has both files.
     */
    @Test
    void debianVmlinuxRebuildIsEqualButForItsVersionStrings() {
        Path a = Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");
        Path b = Path.of("/var/cache/klpscope/dbg/6.1.0-56/vmlinux");
        Assumptions.assumeTrue(Files.isRegularFile(a) && Files.isRegularFile(b), "no -dbg vmlinux in the cache");
        KernelObject x = KernelObjectReader.read(a);
        KernelObject y = KernelObjectReader.read(b);
        TreeSet<String> differ = new TreeSet<>();
        List<String> references = new ArrayList<>();
        int compared = 0;
        int n = 0;
        for (Symbol f : x.symbols().all()) {
            if (!f.isFunction() || f.size() == 0 || x.symbols().named(f.name(), ResolutionView.TARGET_LOADED).size() != 1) {
                continue;
            }
            List<Symbol> other = y.symbols().named(f.name(), ResolutionView.TARGET_LOADED);
            boolean known = f.name().equals("override_release") || f.name().equals("dump_stack_print_info");
            if (other.size() != 1 || !(known || n++ % 16 == 0)) { // a sixteenth of them keeps this under a minute
                continue;
            }
            compared++;
            Optional<CodeDifference> d = CodeComparison.compare(x, f, y, other.get(0));
            d.ifPresent(e -> {
                differ.add(f.name());
                references.add(e.referenceA() + " / " + e.referenceB());
            });
            boolean bare = FunctionCode.of(x, f, false).orElseThrow().firstDifference(FunctionCode.of(y, other.get(0), false).orElseThrow()).isPresent();
            assertEquals(d.isPresent(), bare, f.name() + ": with and without relocations");
        }
        assertTrue(compared > 3000, "functions compared: " + compared);
        assertTrue(differ.contains("override_release") && differ.contains("dump_stack_print_info"), differ.toString());
        for (String r : references) {
            assertTrue(r.matches("\"6\\.1\\.0-5[67]-amd64\" / \"6\\.1\\.0-5[67]-amd64\"|\" Debian 6\\.1\\.192-[23]\" / \" Debian 6\\.1\\.192-[23]\""), r);
        }
    }

    /**
     * Debian's modules of 6.1.0-57 and -56 ({@code scripts/fetch-debian-modules.sh}): linux 6.1.192-3 only adds
     * "nfsd: preflight SEQUENCE replies before accepting a slot" to -2 (the package's changelog). Of every function
     * of the NFS server, client and ext4 modules unique by name, exactly nfsd4_sequence and its .cold part differ,
     * and say where. Runs where the cache has both.
     */
    @Test
    void debianModulesRebuildDiffersWhereTheChangelogSays() throws java.io.IOException {
        Path a = Path.of("/var/cache/klpscope/modules/6.1.0-57/lib/modules/6.1.0-57-amd64/kernel");
        Path b = Path.of("/var/cache/klpscope/modules/6.1.0-56/lib/modules/6.1.0-56-amd64/kernel");
        Assumptions.assumeTrue(Files.isDirectory(a) && Files.isDirectory(b), "no Debian modules in the cache");
        int compared = 0;
        List<String> differ = new ArrayList<>();
        for (String module : List.of("fs/nfsd/nfsd.ko", "fs/nfs/nfs.ko", "fs/nfs/nfsv4.ko", "fs/ext4/ext4.ko")) {
            KernelObject x = KernelObjectReader.read(a.resolve(module));
            KernelObject y = KernelObjectReader.read(b.resolve(module));
            for (Symbol f : x.symbols().all()) {
                List<Symbol> other = y.symbols().named(f.name(), ResolutionView.TARGET_COMING);
                if (f.isFunction() && f.size() > 0 && other.size() == 1
                        && x.symbols().named(f.name(), ResolutionView.TARGET_COMING).size() == 1) {
                    compared++;
                    CodeComparison.compare(x, f, y, other.get(0)).ifPresent(d -> differ.add(module + " " + f.name() + ": " + d.describe()));
                }
            }
        }
        assertTrue(compared > 4500, "functions compared: " + compared);
        assertEquals(2, differ.size(), differ.toString());
        assertTrue(differ.get(0).startsWith("fs/nfsd/nfsd.ko nfsd4_sequence.cold: first difference at +0x0"), differ.get(0));
        assertTrue(differ.get(1).startsWith("fs/nfsd/nfsd.ko nfsd4_sequence: first difference at +0xd"), differ.get(1));
    }

    private static byte[] bytes(KernelObject o, String name) {
        Symbol f = function(o, name);
        var section = o.sectionOf(f).orElseThrow();
        long start = o.image().header().type() == dev.klpscope.elf.ElfHeader.ET_REL ? f.value() : f.value() - section.address();
        return o.image().data(section).bytes(start, (int) f.size(), name);
    }
}
