package dev.klpscope.module.types;

import dev.klpscope.elf.ElfImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every struct and union pahole prints from a BTF agrees with {@link Layouts}: member names, byte offsets (a
 * bitfield's as pahole counts it, by its storage unit, and its bit in that unit) and sizes, in order. On the committed
 * seed BTF always (where pahole is installed); on 20 Debian 6.1 modules on the -dbg vmlinux of their ABI, on that
 * vmlinux, and on the varlayout sample built for 6.12, where the cache has them. From DWARF ({@code pahole -F dwarf}):
 * the varlayout and proto samples built for 6.1, unstripped.
 */
class PaholeAgreementTest {

    static final int MODULES = 20;

    @Test
    void seedBtfAgreesWithPahole(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Pahole.available(), "pahole is not installed");
        Path file = BtfTestFiles.write(dir, "seed-foo-v1.btf", BtfTestFiles.seedBtf());
        int compared = agree(file, null, BtfFiles.raw(file));
        assertTrue(compared > 100, "compared " + compared + " types");
    }

    @Test
    void debianModulesAgreeWithPaholeOnTheirVmlinux() throws Exception {
        Assumptions.assumeTrue(Pahole.available(), "pahole is not installed");
        Path vmlinux = BtfTestFiles.dbgVmlinux("6.1.0-57");
        Path modules = BtfTestFiles.modules("6.1.0-57");
        Assumptions.assumeTrue(Files.isRegularFile(vmlinux) && Files.isDirectory(modules), "no 6.1.0-57 -dbg vmlinux and modules in the cache");
        Btf base = BtfFiles.of(ElfImage.open(vmlinux), null).orElseThrow();
        List<Path> picked = new ArrayList<>();
        try (Stream<Path> s = Files.walk(modules)) {
            List<Path> all = s.filter(p -> p.toString().endsWith(".ko")).sorted().toList();
            for (int i = 0; i < MODULES; i++) {
                picked.add(all.get(i * all.size() / MODULES)); // an even spread over the tree
            }
        }
        int types = 0;
        for (Path m : picked) {
            types += agree(m, vmlinux, BtfFiles.of(ElfImage.open(m), base).orElseThrow());
        }
        assertTrue(types > MODULES * 100, "compared " + types + " types");
    }

    @Test
    void varlayoutSampleAgreesWithPahole() throws Exception {
        Assumptions.assumeTrue(Pahole.available(), "pahole is not installed");
        Path vmlinux = BtfTestFiles.vmlinux612();
        Assumptions.assumeTrue(Files.isRegularFile(vmlinux), "no 6.12 vmlinux in the cache");
        Btf base = BtfFiles.of(ElfImage.open(vmlinux), null).orElseThrow();
        for (String v : List.of("v1", "v2")) {
            Path m = dev.klpscope.SampleFiles.path("kernels/6.12/varlayout/" + v + "/foo.ko");
            Btf btf = BtfFiles.of(ElfImage.open(m), base).orElseThrow();
            assertTrue(agree(m, vmlinux, btf) > 1000);
            Map<String, List<Pahole.Member>> reference = Pahole.types(m, vmlinux);
            assertEquals(v.equals("v1") ? List.of("hits", "misses") : List.of("misses", "hits"),
                    reference.get("struct foo_stats").stream().map(Pahole.Member::name).toList(), "pahole sees the sample's order");
        }
    }

    /**
     * Every named enum of the seed BTF (pahole's own from the seed module's DWARF) as {@code pahole -F btf -C} prints
     * it: each constant's name and value. pahole 1.24 reading BTF prints a 32-bit value unsigned whatever the enum's
     * kind_flag ({@code perf_invalid_context = 4294967295}), so ours are compared so; that the kind_flag makes it
     * {@code -1} is held by {@link BpftoolAgreementTest} and by the DWARF ({@link DwarfReaderTest}).
     */
    @Test
    void seedBtfEnumsAgreeWithPahole(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Pahole.available(), "pahole is not installed");
        Path file = BtfTestFiles.write(dir, "seed-foo-v1.btf", BtfTestFiles.seedBtf());
        Btf btf = BtfFiles.raw(file);
        Map<String, List<Pahole.Constant>> ours = new java.util.LinkedHashMap<>();
        for (int id = btf.startId(); id < btf.endId(); id++) {
            if (btf.type(id) instanceof BtfType.Enum e && !e.name().isEmpty()) {
                ours.putIfAbsent(e.name(), e.values().stream().map(v -> new Pahole.Constant(v.name(),
                        e.wide() ? e.text(v) : Long.toString(v.value() & 0xffffffffL))).toList());
                assertEquals(e.signed(), e.values().stream().anyMatch(v -> v.value() < 0), e.name() + ": signed as libbpf sets it");
            }
        }
        Map<String, List<Pahole.Constant>> reference = Pahole.enums(file, "btf", null, List.copyOf(ours.keySet()));
        List<String> differ = ours.keySet().stream().filter(k -> !ours.get(k).equals(reference.get(k)))
                .map(k -> k + ": pahole " + reference.get(k) + "\n   ours " + ours.get(k)).toList();
        assertTrue(differ.isEmpty(), String.join("\n", differ.subList(0, Math.min(3, differ.size()))));
        assertEquals(ours.keySet(), reference.keySet());
        assertTrue(ours.size() > 15, ours.keySet().toString());
        assertEquals(new Pahole.Constant("perf_invalid_context", "4294967295"), ours.get("perf_event_task_context").get(0));
    }

    /**
     * The kbuild samples built for Debian's 6.1 (no BTF: their DWARF is the only type source), committed unstripped as
     * xz: varlayout's foo v1 and v2 (DWARF 5, and DWARF 4: samples/varlayout/dwarf4) and its patch, proto's foo v1 and v2. Every struct and union pahole prints from
     * their DWARF agrees with ours, and pahole sees struct foo_stats in each build's order (the patch's in v1's).
     */
    @Test
    void sixOneSamplesAgreeWithPaholesDwarf(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Pahole.available(), "pahole is not installed");
        int compared = 0;
        for (String f : List.of("varlayout/unstripped/v1/foo.ko.xz", "varlayout/unstripped/v2/foo.ko.xz",
                "varlayout/unstripped/varlayout_lp.ko.xz", "varlayout/dwarf4/v1/foo.ko.xz", "varlayout/dwarf4/v2/foo.ko.xz",
                "proto/unstripped/v1/foo.ko.xz", "proto/unstripped/v2/foo.ko.xz")) {
            Path ko = dir.resolve(f.replace(".xz", ""));
            Files.createDirectories(ko.getParent());
            try (var in = new org.tukaani.xz.XZInputStream(Files.newInputStream(dev.klpscope.SampleFiles.path(f)))) {
                Files.write(ko, in.readAllBytes());
            }
            compared += agreeDwarf(ko, f);
            if (f.startsWith("varlayout/")) { // the patch declares it as v1 lays it out
                assertEquals(f.contains("/v2/") ? List.of("misses", "hits") : List.of("hits", "misses"),
                        Pahole.dwarfTypes(ko, List.of("foo_stats")).get("struct foo_stats").stream()
                                .map(Pahole.Member::name).toList(), f + ": pahole sees the sample's order");
            }
        }
        assertTrue(compared > 7 * 100, "compared " + compared);
    }

    /** Compares every struct and union pahole prints from {@code file}'s DWARF with ours (the first of its name); returns how many. */
    static int agreeDwarf(Path file, String label) throws IOException, InterruptedException {
        dev.klpscope.module.types.dwarf.DwarfFile dwarf = dev.klpscope.module.types.dwarf.DwarfFile.of(ElfImage.open(file))
                .orElseThrow(() -> new AssertionError(label + ": no DWARF"));
        Map<String, List<Pahole.Member>> reference = Pahole.dwarfTypes(file, List.of());
        List<String> disagree = new ArrayList<>();
        for (Map.Entry<String, List<Pahole.Member>> e : reference.entrySet()) {
            String keyword = e.getKey().substring(0, e.getKey().indexOf(' '));
            java.util.Optional<TypeLayout> ours = DwarfReaderTest.firstNamed(dwarf, keyword, e.getKey().substring(keyword.length() + 1));
            if (ours.isEmpty() || !topLevel(ours.get()).equals(e.getValue())) {
                disagree.add(e.getKey() + ": pahole " + e.getValue() + "\n   ours " + ours.map(PaholeAgreementTest::topLevel));
            }
        }
        assertTrue(disagree.isEmpty(), label + ": " + disagree.size() + " disagree, e.g. "
                + disagree.subList(0, Math.min(3, disagree.size())));
        return reference.size();
    }

    /** Compares every type pahole prints from {@code file} with ours; returns how many. */
    static int agree(Path file, Path base, Btf btf) throws IOException, InterruptedException {
        Map<String, List<Pahole.Member>> reference = Pahole.types(file, base);
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, List<Pahole.Member>> e : reference.entrySet()) {
            String keyword = e.getKey().substring(0, e.getKey().indexOf(' '));
            String name = e.getKey().substring(keyword.length() + 1);
            Integer id = btf.named(name).stream()
                    .filter(i -> btf.type(i) instanceof BtfType.Composite c && c.keyword().equals(keyword)).findFirst().orElse(null);
            if (id == null) {
                disagreements.add(e.getKey() + ": not found");
                continue;
            }
            List<Pahole.Member> ours = topLevel(Layouts.of(btf, id));
            if (!ours.equals(e.getValue())) {
                disagreements.add(e.getKey() + ": pahole " + e.getValue() + "\n   ours " + ours);
            }
            compared++;
        }
        assertTrue(disagreements.isEmpty(), file + ": " + disagreements.size() + " of " + reference.size()
                + " types disagree with pahole, e.g.\n" + String.join("\n", disagreements.subList(0, Math.min(5, disagreements.size()))));
        return compared;
    }

    /** Our members as pahole lists them: no named nested expansion; a bitfield at its storage unit. */
    static List<Pahole.Member> topLevel(TypeLayout layout) {
        List<Pahole.Member> out = new ArrayList<>();
        for (TypeLayout.Member m : layout.members()) {
            if (m.path().contains(".")) {
                continue;
            }
            if (m.bitfieldSize() > 0 && m.size() > 0) {
                long unit = m.size() * 8;
                out.add(new Pahole.Member(m.path(), m.bitOffset() / unit * m.size(), (int) (m.bitOffset() % unit), m.size()));
            } else {
                out.add(new Pahole.Member(m.path(), m.bitOffset() / 8, 0, m.size()));
            }
        }
        return out;
    }
}
