package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.module.DebugFiles;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.types.Btf;
import dev.klpscope.module.types.BtfFiles;
import dev.klpscope.module.types.LayoutDiff;
import dev.klpscope.module.types.Layouts;
import dev.klpscope.module.types.TypeLayout;
import dev.klpscope.module.types.TypeNames;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A separate debug file lends its DWARF to the stripped object with the same GNU build id: Debian's signed
 * {@code sch_codel.ko} of 6.1.0-47 and -57 (samples/debian) and their {@code -dbg} twins
 * ({@code usr/lib/debug/lib/modules/<abi>/kernel/net/sched/sch_codel.ko} of {@code linux-image-<abi>-amd64-dbg}, extracted
 * into {@code $KLP_CACHE/dbg/<abi>/debug-modules/}; skipped without them). The static {@code codel_qdisc_ops} is no
 * per-CPU variable: no BTF has a {@code VAR} for it. The patch is debian_lp with its
 * {@code .klp.sym.sch_codel.__codel_qdisc_dequeue,0} renamed in place to {@code codel_qdisc_ops} (a derived input).
 */
class PairedDebugFileTest {

    static final Path CACHE = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"));
    static final Path V47 = SampleFiles.path("debian/v47/sch_codel.ko");
    static final Path V57 = SampleFiles.path("debian/v57/sch_codel.ko");

    static Path debugFile(String abi) {
        return CACHE.resolve("dbg/" + abi + "/debug-modules/usr/lib/debug/lib/modules/" + abi + "-amd64/kernel/net/sched/sch_codel.ko");
    }

    static DebugFiles paired(KernelObject... objects) {
        Map<String, Path> byId = new java.util.HashMap<>();
        for (KernelObject o : objects) {
            byId.put(o.buildId().orElseThrow(), debugFile(o.release().orElseThrow().replace("-amd64", "")));
        }
        return DebugFiles.of(byId);
    }

    static void assumeDebugFiles() {
        Assumptions.assumeTrue(Files.isRegularFile(debugFile("6.1.0-47")) && Files.isRegularFile(debugFile("6.1.0-57")),
                "no -dbg sch_codel.ko of 6.1.0-47 and -57 in the cache");
    }

    static Symbol symbol(KernelObject o, String name) {
        return o.image().symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theDebugFilesDwarfGivesTheStaticsType() {
        Assumptions.assumeTrue(Files.isRegularFile(debugFile("6.1.0-57")), "no -dbg sch_codel.ko of 6.1.0-57 in the cache");
        KernelObject v57 = KernelObjectReader.read(V57);
        TypeSources types = TypeSources.of(List.of(v57), List.of(), paired(v57));
        TypeSources.Typed t = types.variable(v57, symbol(v57, "codel_qdisc_ops"), "codel_qdisc_ops").orElseThrow();
        assertEquals("struct Qdisc_ops", TypeNames.name(t.graph(), t.type()));
        assertEquals(debugFile("6.1.0-57") + " .debug_info (paired with " + V57 + " by build id) (net/sched/sch_codel.c)", t.source());
        // the same struct in the module's own split BTF, read on the 6.1.0-57 vmlinux's BTF, by the independent BTF reader
        Path vmlinux = CACHE.resolve("dbg/6.1.0-57/vmlinux");
        Assumptions.assumeTrue(Files.isRegularFile(vmlinux), "no 6.1.0-57 -dbg vmlinux in the cache");
        Btf base = BtfFiles.of(KernelObjectReader.read(vmlinux).image(), null).orElseThrow();
        Btf btf = BtfFiles.of(v57.image(), base).orElseThrow();
        int id = btf.named("Qdisc_ops").get(0);
        TypeLayout fromDwarf = Layouts.of(t.graph(), t.type());
        assertEquals(List.of(), LayoutDiff.compare(Layouts.of(btf, id), fromDwarf));
        assertTrue(fromDwarf.members().size() > 10, fromDwarf.toString());
    }

    @Test
    void withoutItTheStaticIsNotCheckedWithItItIs(@TempDir Path dir) throws Exception {
        assumeDebugFiles();
        byte[] patch = dev.klpscope.DerivedInputs.renamed(Files.readAllBytes(SampleFiles.path("debian/debian_lp.ko")),
                ".klp.sym.sch_codel.__codel_qdisc_dequeue,0", ".klp.sym.sch_codel.codel_qdisc_ops,0");
        Path lp = Files.write(dir.resolve("debian_lp.ko"), patch);
        KernelObject v47 = KernelObjectReader.read(V47);
        KernelObject v57 = KernelObjectReader.read(V57);
        List<KernelObject> candidates = List.of(v47, v57);
        Inspection without = Inspector.inspect(LivepatchReader.read(lp, Optional.empty()), candidates, List.of(V57.toString()),
                false, List.of(), DebugFiles.NONE);
        Finding notChecked = layout(without, V47).orElseThrow();
        assertTrue(notChecked.message().startsWith("layout of variable 'codel_qdisc_ops' not checked: "), notChecked.message());

        Inspection with = Inspector.inspect(LivepatchReader.read(lp, Optional.empty()), candidates, List.of(V57.toString()),
                false, List.of(), paired(v47, v57));
        assertEquals(Optional.empty(), layout(with, V47).map(Finding::message),
                "struct Qdisc_ops is the same in both builds' DWARF: checked, nothing to say");
        assertEquals(Optional.empty(), layout(with, V57).map(Finding::message), "the baseline itself");
    }

    static Optional<Finding> layout(Inspection in, Path candidate) {
        return in.targets().stream().filter(t -> t.symbol().equals("codel_qdisc_ops")).findFirst().orElseThrow()
                .verdictFor(candidate.toString()).orElseThrow().findings().stream()
                .filter(f -> f.check().equals("var-layout")).findFirst();
    }
}
