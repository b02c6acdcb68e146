package dev.klpscope.ui.model;

import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.TypeComparison;
import dev.klpscope.module.types.Btf;
import dev.klpscope.module.types.BtfFiles;
import dev.klpscope.module.types.LayoutDiff;
import dev.klpscope.module.types.Layouts;
import dev.klpscope.module.types.TypeLayout;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The details' type panel as the view model makes it, without a stage: on the varlayout sample
 * (samples/src/varlayout: v1 declares {@code hits, misses}, v2 {@code misses, hits}, both {@code unsigned long}), and
 * a changed prototype as Debian's 6.1.0-53 and -57 vmlinux give it (VmlinuxTypesTest).
 */
class TypePanelModelTest {

    static final Path CACHE = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"));
    static final Path VMLINUX = CACHE.resolve("vmlinux-6.12.95+deb12-amd64");
    static final Path VMLINUX_61 = CACHE.resolve("dbg/6.1.0-57/vmlinux");

    /** The varlayout sample opened with the 6.12 vmlinux as the BTF base, v1 the baseline, foo_stats selected. */
    static MainViewModel varlayout() {
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.btfBaseProperty().set(VMLINUX);
        Path dir = OpenSamples.SAMPLES.resolve("kernels/6.12/varlayout");
        vm.open(dir.resolve("varlayout_lp.ko"), List.of(dir.resolve("v1/foo.ko"), dir.resolve("v2/foo.ko")));
        vm.makeBaseline(dir.resolve("v1/foo.ko").toString());
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        Target t = vm.getInspection().targets().stream().filter(x -> x.symbol().equals("foo_stats")).findFirst().orElseThrow();
        vm.selectedProperty().set(new TreeRow.TargetRow(t));
        return vm;
    }

    private static String side(Optional<TypePanel.Cell> c) {
        return c.map(x -> x.where() + " " + x.size() + " " + x.type() + " " + x.name()).orElse("-");
    }

    @Test
    void theSwappedMembersAreMarkedMovedSideBySide() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        List<TypePanel> panels = TypePanel.forCards(varlayout().details());
        assertEquals(1, panels.size(), "v2 only: v1 has the layout the patch was compiled against");
        TypePanel p = panels.get(0);
        assertEquals("var-layout", p.check());
        assertEquals("struct foo_stats", p.title());
        assertEquals("the patch's own BTF · 16 bytes", p.referenceHeader());
        assertEquals("v2 · 16 bytes", p.candidateHeader());
        assertEquals(Severity.SILENT, p.severity());
        assertEquals(List.of("0x0 8 long unsigned int hits | moved | 0x8 8 long unsigned int hits",
                        "0x8 8 long unsigned int misses | moved | 0x0 8 long unsigned int misses"),
                p.rows().stream().map(r -> side(r.reference()) + " | " + r.marksText() + " | " + side(r.candidate())).toList());
        assertEquals(2, p.changedRows());
        assertEquals(p.rows(), p.lines(), "two rows: nothing folded");
    }

    /**
     * Debian's {@code struct rcu_data} of 6.1.0-57 against 6.12 (the layouts their BTF gives; MemberDiffReportsTest
     * uses the same pair): of 173 rows 19 changed; the panel keeps those with two neighbours either side and folds
     * the unchanged runs between them into their count, each row drawn or counted once.
     */
    @Test
    void aBigTypeFoldsItsUnchangedRuns() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX_61), "no 6.1.0-57 -dbg vmlinux in the cache");
        TypeLayout before = rcuData(VMLINUX_61);
        TypeLayout after = rcuData(VMLINUX);
        TypePanel p = new TypePanel("var-layout", "struct rcu_data", "the baseline · 896 bytes", "6.12 · 960 bytes",
                Severity.SILENT, TypePanel.layoutRows(new TypeComparison.LayoutPair("the baseline", before, after,
                LayoutDiff.compare(before, after))), false);
        assertEquals(173, p.rows().size());
        assertEquals(19, p.changedRows());
        List<TypePanel.Line> lines = p.lines();
        List<Integer> folds = lines.stream().filter(l -> l instanceof TypePanel.Folded).map(l -> ((TypePanel.Folded) l).rows()).toList();
        assertEquals(List.of(42, 4, 95), folds);
        List<TypePanel.Row> drawn = lines.stream().filter(l -> l instanceof TypePanel.Row).map(l -> (TypePanel.Row) l).toList();
        assertEquals(p.rows().size(), drawn.size() + folds.stream().mapToInt(Integer::intValue).sum());
        assertEquals(19, drawn.stream().filter(TypePanel.Row::changed).count());
        // the first row drawn is the second before the first change (dynticks_snap, removed at 0x110)
        assertEquals("n_force_qs_snap", drawn.get(0).reference().orElseThrow().name());
        assertEquals("dynticks_snap", drawn.get(2).reference().orElseThrow().name());
        assertEquals(Set.of(TypePanel.Mark.REMOVED), drawn.get(2).marks());
    }

    /**
     * The per-CPU {@code cpuhp_state} of Debian's 6.1.0-47 against -50 (their BTF; realkernels.EnumValuesTest holds
     * the values against bpftool): no member changed, {@code enum cpuhp_state} lost {@code CPUHP_PADATA_DEAD} (39) and
     * 150 constants after it are one less. Each changed constant is a row after the members, its value where an
     * offset goes; the title counts members and constants apart.
     */
    @Test
    void anEnumsChangedConstantsAreRowsAfterTheMembers() {
        Path v47 = CACHE.resolve("dbg/6.1.0-47/vmlinux");
        Path v50 = CACHE.resolve("dbg/6.1.0-50/vmlinux");
        Assumptions.assumeTrue(Files.isRegularFile(v47) && Files.isRegularFile(v50), "no 6.1.0-47 and -50 -dbg vmlinux in the cache");
        TypeLayout before = layout(v47, "cpuhp_state");
        TypeLayout after = layout(v50, "cpuhp_state");
        TypePanel p = new TypePanel("var-layout", "struct cpuhp_cpu_state", "the baseline · 120 bytes", "50 · 120 bytes",
                Severity.SILENT, TypePanel.layoutRows(new TypeComparison.LayoutPair("the baseline", before, after,
                LayoutDiff.compare(before, after))), false);
        assertEquals("0 of 22 members changed, 151 enum constants", p.changeCount());
        TypePanel.Row first = p.rows().get(22); // 14 members, 8 more of the named nested node, last, done_up, done_down
        assertEquals("= 40  enum cpuhp_state CPUHP_AP_DTPM_CPU_DEAD | value | = 39  enum cpuhp_state CPUHP_AP_DTPM_CPU_DEAD",
                side(first.reference()) + " | " + first.marksText() + " | " + side(first.candidate()));
        TypePanel.Row last = p.rows().get(p.rows().size() - 1);
        assertEquals("= 39  enum cpuhp_state CPUHP_PADATA_DEAD | removed | -",
                side(last.reference()) + " | " + last.marksText() + " | " + side(last.candidate()));
        assertTrue(p.rows().subList(0, 22).stream().noneMatch(TypePanel.Row::changed));
        assertEquals(new TypePanel.Folded(20), p.lines().get(0), "the unchanged members folded but the last two, the constants' context");
    }

    private static TypeLayout layout(Path vmlinux, String variable) {
        Btf btf = BtfFiles.base(vmlinux);
        return Layouts.of(btf, btf.variable(variable).orElseThrow().type());
    }

    private static TypeLayout rcuData(Path vmlinux) {
        Btf btf = BtfFiles.base(vmlinux);
        return Layouts.of(btf, btf.variable("rcu_data").orElseThrow().type());
    }

    /** Nothing selected, or a target whose layout did not change: no panel. */
    @Test
    void noPanelWithoutAChangedType() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "no 6.12 vmlinux in the cache");
        MainViewModel vm = varlayout();
        Target other = vm.getInspection().targets().stream().filter(x -> !x.symbol().equals("foo_stats")).findFirst().orElseThrow();
        vm.selectedProperty().set(new TreeRow.TargetRow(other));
        assertEquals(List.of(), TypePanel.forCards(vm.details()));
        vm.selectedProperty().set(null);
        assertEquals(List.of(), TypePanel.forCards(vm.details()));
    }

    /**
     * pci_match_device between Debian 6.1.0-53 and -57 (the texts VmlinuxTypesTest holds from their BTF): a parameter
     * came at the end, the rest is the same; a retyped part and a removed one are told apart from it.
     */
    @Test
    void aPrototypeIsShownPartByPart() {
        String before = "const struct pci_device_id * (struct pci_driver *drv, struct pci_dev *dev)";
        String after = "const struct pci_device_id * (struct pci_driver *drv, struct pci_dev *dev, struct pci_device_id *id_copy)";
        List<TypePanel.Row> rows = TypePanel.prototypeRows(new TypeComparison.PrototypePair("the baseline", before, after));
        assertEquals(List.of("return const struct pci_device_id * | = | return const struct pci_device_id *",
                        "arg 1 struct pci_driver *drv | = | arg 1 struct pci_driver *drv",
                        "arg 2 struct pci_dev *dev | = | arg 2 struct pci_dev *dev",
                        "- | new | arg 3 struct pci_device_id *id_copy"),
                rows.stream().map(r -> side(r.reference()).replaceAll(" +", " ").strip() + " | "
                        + (r.changed() ? r.marksText() : "=") + " | "
                        + side(r.candidate()).replaceAll(" +", " ").strip()).toList());
        List<TypePanel.Row> back = TypePanel.prototypeRows(new TypeComparison.PrototypePair("the baseline", after, before));
        assertEquals(Set.of(TypePanel.Mark.REMOVED), back.get(3).marks());
        List<TypePanel.Row> retyped = TypePanel.prototypeRows(new TypeComparison.PrototypePair("the baseline",
                "void (int a)", "void (long a)"));
        assertEquals(Set.of(TypePanel.Mark.RETYPED), retyped.get(1).marks());
        assertEquals(List.of("void"), PrototypeParts.of("void (void)"));
        assertEquals(List.of("int", "function *cb", "int n"), PrototypeParts.of("int (function *cb, int n)"));
        assertEquals(List.of("int", "void (*cb)(int, long)", "int n"), PrototypeParts.of("int (void (*cb)(int, long), int n)"));
    }
}
