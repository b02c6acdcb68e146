package dev.klpscope.module.types;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.types.dwarf.DwarfFile;
import dev.klpscope.module.types.dwarf.DwarfTypes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DWARF reader on real inputs: the unstripped seed module (kbuild, gcc 12, DWARF 5, ET_REL: every string and
 * address is a relocation in {@code .rela.debug_info}), checked against its C source
 * (samples/src/common/klps_target.h) and against pahole's BTF of the same module (seed-foo-v1.btf.xz), read by the
 * independent BTF reader; and Debian's -dbg vmlinux where the cache has it, against its own {@code .BTF}.
 */
class DwarfReaderTest {

    static final Path SEED_V1 = SampleFiles.path("seed/unstripped/v1/foo.ko");
    /** Global variables of struct types in every 6.1 vmlinux, none per-CPU (BTF has no VAR for them). */
    static final List<String> VMLINUX_VARIABLES = List.of("init_task", "init_net", "init_mm", "tcp_hashinfo", "init_fs",
            "boot_cpu_data", "root_user", "init_files", "init_uts_ns", "init_cred");

    /** Debian's -dbg vmlinux of {@code abi} from the cache (the test is skipped without it), its DWARF and BTF. */
    record Dbg(ElfImage image, DwarfFile dwarf, Btf btf) {
        static Dbg open(String abi) {
            Path vmlinux = BtfTestFiles.dbgVmlinux(abi);
            Assumptions.assumeTrue(Files.isRegularFile(vmlinux), "no " + abi + " -dbg vmlinux in the cache");
            ElfImage image = ElfImage.open(vmlinux);
            return new Dbg(image, DwarfFile.of(image).orElseThrow(), BtfFiles.of(image, null).orElseThrow());
        }
    }

    static Symbol symbol(ElfImage image, String name) {
        return image.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aStaticVariableOfTheSeedModuleHasItsSourceType() {
        ElfImage image = ElfImage.open(SEED_V1);
        DwarfFile dwarf = DwarfFile.of(image).orElseThrow();
        // static const struct kernel_param_ops klps_probe_ops (klps_target.h): its name is a relocated DW_FORM_strp
        DwarfFile.Typed v = dwarf.variableAt("klps_probe_ops", symbol(image, "klps_probe_ops").value()).orElseThrow();
        assertEquals("const struct kernel_param_ops", TypeNames.name(v.types(), v.type()));
        assertTrue(v.types().unitName().endsWith("/seed/v1/foo.c"), v.types().unitName());
        assertTrue(dwarf.variableAt("klps_probe_ops", symbol(image, "klps_probe_ops").value() + 8).isEmpty(),
                "another address is another variable");
    }

    @Test
    void theSeedModulesLayoutsAreThoseOfItsBtf() {
        ElfImage image = ElfImage.open(SEED_V1);
        DwarfFile dwarf = DwarfFile.of(image).orElseThrow();
        Btf btf = Btf.read(dev.klpscope.elf.ByteReader.of(BtfTestFiles.seedBtf(), java.nio.ByteOrder.LITTLE_ENDIAN, "seed BTF"),
                "BTF", null, 8);
        int compared = 0;
        List<String> differ = new ArrayList<>();
        for (int u = 0; u < dwarf.unitCount(); u++) {
            DwarfTypes types = dwarf.unitTypes(u);
            for (int id = 1; id < btf.endId(); id++) {
                if (!(btf.type(id) instanceof BtfType.Composite c) || c.name().isEmpty()) {
                    continue;
                }
                for (int d : types.named(c.name())) {
                    if (types.type(d) instanceof BtfType.Composite dc && dc.keyword().equals(c.keyword())) {
                        List<LayoutChange> changes = LayoutDiff.compare(Layouts.of(btf, id), Layouts.of(types, d));
                        if (!changes.isEmpty()) {
                            differ.add(c.keyword() + " " + c.name() + ": " + LayoutDiff.summary(changes));
                        }
                        compared++;
                    }
                }
            }
        }
        assertTrue(differ.isEmpty(), differ.size() + " differ, e.g. " + differ.subList(0, Math.min(3, differ.size())));
        assertTrue(compared > 100, "compared " + compared);
    }

    @Test
    void aStaticFunctionsPrototypeIsItsSourceDeclaration() {
        ElfImage image = ElfImage.open(SEED_V1);
        DwarfFile dwarf = DwarfFile.of(image).orElseThrow();
        // static int klps_probe_get(char *buffer, const struct kernel_param *kp)
        DwarfFile.Typed f = dwarf.functionAt("klps_probe_get", symbol(image, "klps_probe_get").value()).orElseThrow();
        Prototypes.Signature s = Prototypes.ofFunction(f.types(), f.id()).orElseThrow();
        assertEquals("int (char *buffer, const struct kernel_param *kp)", s.text());
        Btf btf = Btf.read(dev.klpscope.elf.ByteReader.of(BtfTestFiles.seedBtf(), java.nio.ByteOrder.LITTLE_ENDIAN, "seed BTF"),
                "BTF", null, 8);
        assertEquals(Prototypes.of(btf, "klps_probe_get").orElseThrow(), s, "pahole's BTF of the same module says the same");
    }

    @Test
    void vmlinuxVariablesAreFoundByAddressDecodingOneUnitEach() {
        Dbg v57 = Dbg.open("6.1.0-57");
        ElfImage image = v57.image();
        DwarfFile dwarf = v57.dwarf();
        Btf btf = v57.btf();
        for (String name : VMLINUX_VARIABLES) {
            int before = dwarf.decodedUnits();
            assertTrue(btf.variable(name).isEmpty(), name + " has no BTF VAR: DWARF is the only source");
            DwarfFile.Typed v = dwarf.variableAt(name, symbol(image, name).value()).orElseThrow(() -> new AssertionError(name));
            assertTrue(dwarf.decodedUnits() <= before + 1, name + ": decoded " + (dwarf.decodedUnits() - before) + " units");
            TypeLayout fromDwarf = Layouts.of(v.types(), TypeNames.resolveId(v.types(), v.type()));
            String key = fromDwarf.type();
            int id = btf.named(key.substring(key.indexOf(' ') + 1)).stream()
                    .filter(i -> btf.type(i) instanceof BtfType.Composite).findFirst().orElseThrow(() -> new AssertionError(key));
            assertEquals(List.of(), LayoutDiff.compare(Layouts.of(btf, id), fromDwarf), name + " (" + key + ")");
            assertTrue(fromDwarf.members().size() > 1, name);
        }
        assertTrue(dwarf.decodedUnits() < VMLINUX_VARIABLES.size() + 1 && dwarf.unitCount() > 2000,
                dwarf.decodedUnits() + " of " + dwarf.unitCount() + " units decoded");
    }

    @Test
    void vmlinuxPrototypesFromDwarfAreThoseOfItsBtf() {
        Dbg v57 = Dbg.open("6.1.0-57");
        for (String name : List.of("vfs_read", "cmdline_proc_show", "seq_printf", "tcp_v4_connect", "kmalloc_trace", "schedule")) {
            DwarfFile.Typed f = v57.dwarf().functionAt(name, symbol(v57.image(), name).value())
                    .orElseThrow(() -> new AssertionError(name));
            assertEquals(Prototypes.of(v57.btf(), name).orElseThrow(), Prototypes.ofFunction(f.types(), f.id()).orElseThrow(), name);
        }
    }

    /**
     * pahole -F dwarf on the same vmlinux, for the struct types of {@link #VMLINUX_VARIABLES}: Debian's 6.1.0-57 and
     * 6.12.95+deb12 -dbg vmlinux (DWARF 5), each where the cache has it.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"6.1.0-57", "6.12.95+deb12"})
    void vmlinuxLayoutsReachedFromVariablesAgreeWithPaholesDwarf(String abi) throws Exception {
        Assumptions.assumeTrue(Pahole.available(), "pahole is not installed");
        Path vmlinux = abi.startsWith("6.12") ? BtfTestFiles.vmlinux612() : BtfTestFiles.dbgVmlinux(abi);
        Assumptions.assumeTrue(Files.isRegularFile(vmlinux), "no " + abi + " -dbg vmlinux in the cache");
        ElfImage image = ElfImage.open(vmlinux);
        DwarfFile dwarf = DwarfFile.of(image).orElseThrow();
        Map<String, TypeLayout> ours = new java.util.LinkedHashMap<>();
        for (String name : VMLINUX_VARIABLES) {
            DwarfFile.Typed v = dwarf.variableAt(name, symbol(image, name).value()).orElseThrow(() -> new AssertionError(name));
            TypeLayout l = Layouts.of(v.types(), TypeNames.resolveId(v.types(), v.type()));
            ours.put(l.type(), l);
        }
        Map<String, List<Pahole.Member>> reference = Pahole.dwarfTypes(vmlinux,
                ours.keySet().stream().map(k -> k.substring(k.indexOf(' ') + 1)).toList());
        for (Map.Entry<String, TypeLayout> e : ours.entrySet()) {
            assertEquals(reference.get(e.getKey()), PaholeAgreementTest.topLevel(e.getValue()), e.getKey());
        }
        assertEquals(ours.size(), reference.size(), reference.keySet().toString());
    }

    /** Every struct and union pahole prints from the DWARF of the unstripped seed modules and livepatches. */
    @Test
    void seedModulesAgreeWithPaholesDwarf() throws Exception {
        Assumptions.assumeTrue(Pahole.available(), "pahole is not installed");
        int compared = 0;
        for (String f : List.of("seed/unstripped/v1/foo.ko", "seed/unstripped/v2/foo.ko", "seed/unstripped/seed_lp1.ko",
                "seed/unstripped/seed_lp2.ko")) {
            compared += PaholeAgreementTest.agreeDwarf(SampleFiles.path(f), f);
        }
        assertTrue(compared > 400, "compared " + compared);
    }

    /**
     * gcc 12's DWARF 4 and DWARF 5 of the same source (the dwarf fuzz seeds, src/test/resources/dev/klpscope/fuzz/dwarf/seed.c):
     * DWARF 4 counts a bitfield's {@code DW_AT_bit_offset} from the storage unit's top, DWARF 5 gives
     * {@code DW_AT_data_bit_offset}; both read as pahole reads them, and as each other.
     */
    @Test
    void dwarf4And5OfOneSourceAgreeWithPahole() throws Exception {
        Assumptions.assumeTrue(Pahole.available(), "pahole is not installed");
        Map<String, List<Pahole.Member>> previous = null;
        for (String version : List.of("dwarf4", "dwarf5")) {
            Path path = Path.of("src/test/resources/dev/klpscope/fuzz/ReadersFuzzTestInputs/dwarf/seed-gcc12-" + version + ".o");
            DwarfFile dwarf = DwarfFile.of(ElfImage.open(path)).orElseThrow();
            Map<String, List<Pahole.Member>> reference = Pahole.dwarfTypes(path, List.of());
            Map<String, List<Pahole.Member>> ours = new java.util.LinkedHashMap<>();
            for (String key : reference.keySet()) {
                String keyword = key.substring(0, key.indexOf(' '));
                firstNamed(dwarf, keyword, key.substring(keyword.length() + 1))
                        .ifPresent(l -> ours.put(key, PaholeAgreementTest.topLevel(l)));
            }
            assertEquals(reference, ours, version);
            assertEquals(List.of("name", "hits", "misses", "live", "mode", "v", "list", "grid", "show", "flags", "tail"),
                    ours.get("struct stats").stream().map(Pahole.Member::name).toList(), version);
            assertTrue(previous == null || previous.equals(ours), "DWARF 4 and 5 read alike");
            previous = ours;
        }
    }

    /**
     * Every named enum of the unstripped seed modules and livepatches and of the gcc 12 DWARF 4 and 5 objects:
     * its constants' names and values ({@code DW_AT_const_value} in {@code data1}, {@code data2}, {@code data4} and
     * {@code sdata} for the negative {@code perf_invalid_context = -1}) as {@code pahole -F dwarf -C} prints them.
     */
    @Test
    void enumConstantsAgreeWithPaholesDwarf() throws Exception {
        Assumptions.assumeTrue(Pahole.available(), "pahole is not installed");
        int compared = 0;
        boolean negative = false;
        for (Path path : List.of(SampleFiles.path("seed/unstripped/v1/foo.ko"), SampleFiles.path("seed/unstripped/seed_lp1.ko"),
                Path.of("src/test/resources/dev/klpscope/fuzz/ReadersFuzzTestInputs/dwarf/seed-gcc12-dwarf4.o"),
                Path.of("src/test/resources/dev/klpscope/fuzz/ReadersFuzzTestInputs/dwarf/seed-gcc12-dwarf5.o"))) {
            Map<String, List<Pahole.Constant>> ours = namedEnums(DwarfFile.of(ElfImage.open(path)).orElseThrow());
            Map<String, List<Pahole.Constant>> reference = Pahole.enums(path, "dwarf", null, List.copyOf(ours.keySet()));
            List<String> differ = ours.keySet().stream().filter(k -> !ours.get(k).equals(reference.get(k)))
                    .map(k -> k + ": pahole " + reference.get(k) + "\n   ours " + ours.get(k)).toList();
            assertTrue(differ.isEmpty(), path + ": " + String.join("\n", differ.subList(0, Math.min(3, differ.size()))));
            assertEquals(ours.keySet(), reference.keySet(), path.toString());
            compared += ours.size();
            negative |= ours.values().stream().flatMap(List::stream).anyMatch(c -> c.value().startsWith("-"));
        }
        assertTrue(compared > 40, "compared " + compared + " enums");
        assertTrue(negative, "a negative value was compared");
    }

    /** The first enum of each name in the file's DWARF, its constants as {@link Pahole} parses pahole's. */
    static Map<String, List<Pahole.Constant>> namedEnums(DwarfFile dwarf) {
        Map<String, List<Pahole.Constant>> out = new java.util.LinkedHashMap<>();
        for (int u = 0; u < dwarf.unitCount(); u++) {
            DwarfTypes types = dwarf.unitTypes(u);
            for (int id : types.topLevel()) {
                if (types.type(id) instanceof BtfType.Enum e && !e.name().isEmpty()) {
                    out.putIfAbsent(e.name(), e.values().stream().map(v -> new Pahole.Constant(v.name(), e.text(v))).toList());
                }
            }
        }
        return out;
    }

    static Optional<TypeLayout> firstNamed(DwarfFile dwarf, String keyword, String name) {
        for (int u = 0; u < dwarf.unitCount(); u++) {
            DwarfTypes types = dwarf.unitTypes(u);
            for (int id : types.named(name)) {
                if (types.type(id) instanceof BtfType.Composite c && c.keyword().equals(keyword)) {
                    return Optional.of(Layouts.of(types, id));
                }
            }
        }
        return Optional.empty();
    }
}
