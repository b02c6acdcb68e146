package dev.klpscope.module.types;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.module.types.dwarf.DwarfFile;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Enums in layouts and their comparison. On real inputs: gcc 12's DWARF 4 and 5 of the dwarf fuzz seed
 * (src/test/resources/dev/klpscope/fuzz/dwarf/seed.c: {@code enum mode { MODE_OFF, MODE_ON = 4, MODE_MAX = 0x7fffffff }},
 * {@code struct stats} has an {@code enum mode mode}) and the seed module's BTF (include/linux/module.h: {@code struct
 * module} starts with {@code enum module_state state}). The wording and bounds of {@link LayoutDiff} on layouts as
 * records: no build has two versions of an enum in the committed samples (realkernels.EnumValuesTest has Debian's).
 */
class EnumLayoutTest {

    static final String DWARF_SEEDS = "src/test/resources/dev/klpscope/fuzz/ReadersFuzzTestInputs/dwarf/seed-gcc12-";

    @Test
    void aMembersEnumKeepsItsConstantsFromDwarf4And5() {
        for (String version : List.of("dwarf4", "dwarf5")) {
            DwarfFile dwarf = DwarfFile.of(ElfImage.open(Path.of(DWARF_SEEDS + version + ".o"))).orElseThrow();
            TypeLayout stats = DwarfReaderTest.firstNamed(dwarf, "struct", "stats").orElseThrow();
            assertEquals(List.of(new TypeLayout.EnumValues("enum mode", "mode", List.of(new TypeLayout.Constant("MODE_OFF", "0"),
                    new TypeLayout.Constant("MODE_ON", "4"), new TypeLayout.Constant("MODE_MAX", "2147483647")), false)),
                    stats.enums(), version);
            assertEquals(List.of(), LayoutDiff.compare(stats, stats));
        }
    }

    @Test
    void aStructsEnumMemberAndAnEnumTypeFromBtf() {
        Btf btf = Btf.read(ByteReader.of(BtfTestFiles.seedBtf(), ByteOrder.LITTLE_ENDIAN, "seed BTF"), "BTF", null, 8);
        int module = btf.named("module").stream().filter(i -> btf.type(i) instanceof BtfType.Composite).findFirst().orElseThrow();
        TypeLayout l = Layouts.of(btf, module);
        TypeLayout.EnumValues state = l.enums().stream().filter(e -> e.type().equals("enum module_state")).findFirst().orElseThrow();
        assertEquals("state", state.member());
        assertEquals(List.of("MODULE_STATE_LIVE", "MODULE_STATE_COMING", "MODULE_STATE_GOING", "MODULE_STATE_UNFORMED"),
                state.constants().stream().map(TypeLayout.Constant::name).toList());
        assertEquals(l.enums().size(), l.enums().stream().map(TypeLayout.EnumValues::key).distinct().count(), "each enum once");

        int pidType = btf.named("pid_type").stream().filter(i -> btf.type(i) instanceof BtfType.Enum).findFirst().orElseThrow();
        TypeLayout e = Layouts.of(btf, pidType);
        assertEquals("enum pid_type", e.type());
        assertEquals(List.of(), e.members());
        assertEquals("", e.enums().get(0).member(), "the variable's own enum");
        assertEquals(5, e.enums().get(0).constants().size(), "PIDTYPE_PID, _TGID, _PGID, _SID, _MAX (include/linux/pid.h)");
    }

    private static TypeLayout.Constant c(String name, String value) {
        return new TypeLayout.Constant(name, value);
    }

    private static TypeLayout state(String type, String member, List<TypeLayout.Constant> constants) {
        return new TypeLayout("struct s", 8, List.of(new TypeLayout.Member(member, 0, 0, 4, type)), false,
                List.of(new TypeLayout.EnumValues(type, member, constants, false)));
    }

    @Test
    void aConstantInsertedBeforeOthersShiftsThemAndIsSaidOnce() {
        TypeLayout before = state("enum foo_state", "st", List.of(c("FOO_A", "0"), c("FOO_B", "1"), c("FOO_GONE", "7")));
        TypeLayout after = state("enum foo_state", "st", List.of(c("FOO_NEW", "0"), c("FOO_A", "1"), c("FOO_B", "2")));
        List<LayoutChange> changes = LayoutDiff.compare(before, after);
        assertEquals(1, changes.size());
        assertEquals("enum `foo_state`: new constant `FOO_NEW` = 0, `FOO_A` 0 → 1, `FOO_B` 1 → 2, and 1 more constant changed",
                LayoutDiff.summary(changes));
        LayoutChange.EnumChanged e = (LayoutChange.EnumChanged) changes.get(0);
        assertEquals(new LayoutChange.ConstantChange("FOO_GONE", Optional.of("7"), Optional.empty()), e.constants().get(3));
        assertEquals("constant *FOO_GONE* (= 7) removed", e.constants().get(3).describe(n -> "*" + n + "*", w -> w));
    }

    @Test
    void anonymousEnumsAreMatchedByMemberAndTypedefsByName() {
        TypeLayout a1 = state("enum {...}", "mode", List.of(c("M_OFF", "0")));
        TypeLayout a2 = state("enum {...}", "mode", List.of(c("M_OFF", "1")));
        assertEquals("enum of `mode`: `M_OFF` 0 → 1", LayoutDiff.summary(LayoutDiff.compare(a1, a2)));
        TypeLayout t1 = state("foo_t", "kind", List.of(c("K", "-1")));
        TypeLayout t2 = state("foo_t", "kind", List.of(c("K", "4294967295")));
        assertEquals("enum `foo_t`: `K` -1 → 4294967295", LayoutDiff.summary(LayoutDiff.compare(t1, t2)),
                "a value read signed on one side and unsigned on the other is another value");
    }

    @Test
    void anEnumOnOneSideOnlyIsTheMembersRetypeNotAnEnumChange() {
        TypeLayout before = state("enum foo_state", "st", List.of(c("FOO_A", "0")));
        TypeLayout after = state("enum bar_state", "st", List.of(c("BAR_A", "0")));
        List<LayoutChange> changes = LayoutDiff.compare(before, after);
        assertTrue(changes.stream().noneMatch(LayoutChange.EnumChanged.class::isInstance), changes.toString());
        assertEquals("`st`: type enum foo_state → enum bar_state", LayoutDiff.summary(changes));
    }
}
