package dev.klpscope.module.types;

import dev.klpscope.SampleFiles;
import dev.klpscope.cli.Cli;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Section;
import dev.klpscope.module.types.dwarf.DwarfFile;
import dev.klpscope.module.types.dwarf.DwarfTypes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed types as a user meets them, through {@code klpscope check}: the committed varlayout samples (6.12: BTF
 * split on the cached 6.12 vmlinux's; 6.1, unstripped: DWARF only) and the seed's debug file, with one field of
 * their BTF or DWARF overwritten (derived at test time; nothing committed). Each run gives the one "not checked"
 * finding that names the file, the offset and what is wrong, severity ok, where the intact file gives a layout
 * change or nothing; never a layout change read off the broken types, never a stack trace, within seconds.
 */
class MalformedTypesInCheckTest {

    static final Path K612 = SampleFiles.path("kernels/6.12/varlayout");
    static final Path U61 = SampleFiles.path("varlayout/unstripped");
    static final String PATCH_UNREADABLE = "the patch's own types, which hold the layout its code was compiled against, "
            + "cannot be read: ";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run check(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("check"));
        all.addAll(List.of(args));
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> Cli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true)));
        Run r = new Run(exit, out.toString(), err.toString());
        assertFalse(r.out().contains("Exception") || r.err().contains("Exception") || r.err().contains("\tat "), r.toString());
        return r;
    }

    /** The lines of one check's findings in the text report ("✓ ok        var-layout: …"). */
    static List<String> findings(Run r, String check) {
        return r.out().lines().map(String::strip).filter(l -> l.contains(" " + check + ": ")).distinct().toList();
    }

    static String at(long offset) {
        return " (at offset 0x" + Long.toHexString(offset) + ")";
    }

    Path derive(Path from, String name, Consumer<ByteBuffer> change) throws Exception {
        byte[] bytes = Files.readAllBytes(from);
        change.accept(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        Path out = dir.resolve(name);
        Files.createDirectories(out.getParent());
        return Files.write(out, bytes);
    }

    Path unxz(Path xz, String name) throws Exception {
        try (InputStream in = new XZInputStream(Files.newInputStream(xz))) {
            Path out = dir.resolve(name);
            Files.createDirectories(out.getParent());
            return Files.write(out, in.readAllBytes());
        }
    }

    // ---- BTF: the 6.12 varlayout modules, split on the 6.12 vmlinux's ------------------------------------------

    static Path vmlinux() {
        Path v = BtfTestFiles.vmlinux612();
        Assumptions.assumeTrue(Files.isRegularFile(v), "no 6.12 vmlinux in the cache");
        return v;
    }

    /** v2's own BTF on the vmlinux's, as the check reads it. */
    static Btf btfOf(Path module) {
        Btf base = BtfFiles.of(ElfImage.open(vmlinux()), null).orElseThrow();
        return BtfFiles.of(ElfImage.open(module), base).orElseThrow();
    }

    static int own(Btf btf, Class<? extends BtfType> kind, String name) {
        for (int id = btf.startId(); id < btf.endId(); id++) {
            if (kind.isInstance(btf.type(id)) && btf.type(id).name().equals(name)) {
                return id;
            }
        }
        throw new AssertionError("no own " + kind.getSimpleName() + " " + name);
    }

    Run btfCheck(Path patch, Path v2) {
        return check("--btf-base", vmlinux().toString(), "--baseline", K612.resolve("v1/foo.ko").toString(),
                patch.toString(), K612.resolve("v1/foo.ko").toString(), v2.toString());
    }

    /** The one var-layout finding on the broken v2: not checked, naming what the reader found. */
    void notCheckedOnV2(Path v2, String reason) {
        Run r = btfCheck(K612.resolve("varlayout_lp.ko"), v2);
        assertEquals(List.of("✓ ok        var-layout: layout of variable 'foo_stats' not checked: this candidate's types "
                + "cannot be read: " + reason), findings(r, "var-layout"), r.out());
        assertEquals(0, r.exit(), r.out());
        assertEquals("", r.err());
    }

    @Test
    void theIntactV2IsSilent() {
        Run r = btfCheck(K612.resolve("varlayout_lp.ko"), K612.resolve("v2/foo.ko"));
        assertEquals(1, r.exit(), r.out());
        assertTrue(findings(r, "var-layout").get(0).startsWith("◆ silent    var-layout: variable 'foo_stats'"), r.out());
    }

    @Test
    void aStructContainingItself() throws Exception {
        Path v2 = K612.resolve("v2/foo.ko");
        Btf btf = btfOf(v2);
        int struct = own(btf, BtfType.Composite.class, "foo_stats");
        // member 0 (misses) of struct foo_stats made a struct foo_stats: no C type contains itself
        Path bad = derive(v2, "selfnest/foo.ko", b -> b.putInt((int) btf.recordOffset(struct) + 12 + 4, struct));
        notCheckedOnV2(bad, bad + ": .BTF: type " + struct + " has member `misses` of type struct foo_stats, itself: "
                + "a type that contains itself" + at(btf.recordOffset(struct)));
    }

    @Test
    void aVariableOfItself() throws Exception {
        Path v2 = K612.resolve("v2/foo.ko");
        Btf btf = btfOf(v2);
        int variable = own(btf, BtfType.Variable.class, "foo_stats");
        Path bad = derive(v2, "varcycle/foo.ko", b -> b.putInt((int) btf.recordOffset(variable) + 8, variable));
        notCheckedOnV2(bad, bad + ": .BTF: type " + variable + " is the variable foo_stats, where a variable's type belongs"
                + at(btf.recordOffset(variable)));
    }

    @Test
    void aConstOfItselfOnTheVariablesPath() throws Exception {
        Path v2 = K612.resolve("v2/foo.ko");
        Btf btf = btfOf(v2);
        int variable = own(btf, BtfType.Variable.class, "foo_stats");
        int constant = btf.startId();
        while (!(btf.type(constant) instanceof BtfType.Reference r && r.kind() == BtfType.RefKind.CONST)) {
            constant++;
        }
        int c = constant;
        Path bad = derive(v2, "constcycle/foo.ko", b -> {
            b.putInt((int) btf.recordOffset(variable) + 8, c);
            b.putInt((int) btf.recordOffset(c) + 8, c);
        });
        notCheckedOnV2(bad, bad + ": .BTF: type " + c + " refers to itself (a reference cycle)" + at(btf.recordOffset(c)));
    }

    @Test
    void aMemberTypeIdPastTheLastType() throws Exception {
        Path v2 = K612.resolve("v2/foo.ko");
        Btf btf = btfOf(v2);
        int struct = own(btf, BtfType.Composite.class, "foo_stats");
        Path bad = derive(v2, "membertype/foo.ko", b -> b.putInt((int) btf.recordOffset(struct) + 12 + 4, 0xfffffff0));
        notCheckedOnV2(bad, bad + ": .BTF: type " + struct + " member 0 (`misses`) refers to type id 4294967280, past the "
                + "last type (" + (btf.endId() - 1) + ")" + at(btf.recordOffset(struct)));
    }

    /**
     * A header the reader refuses: var-layout says so, func-prototype for the patched get_hits too, and so does the
     * candidate's types line, text and JSON.
     */
    @Test
    void aHeaderLengthPastTheSection() throws Exception {
        Path v2 = K612.resolve("v2/foo.ko");
        Section section = ElfImage.open(v2).section(".BTF").orElseThrow();
        Path bad = derive(v2, "hdrlen/foo.ko", b -> b.putInt((int) section.offset() + 4, 0xffffffff));
        String problem = bad + ": .BTF: hdr_len 4294967295 is outside 24.." + section.size() + at(section.offset() + 4);
        notCheckedOnV2(bad, problem);
        Run text = btfCheck(K612.resolve("varlayout_lp.ko"), bad);
        assertEquals(List.of("✓ ok        func-prototype: prototype of function 'get_hits' not checked: this candidate's types "
                + "cannot be read: " + problem), findings(text, "func-prototype"), "the patched function too: " + text.out());
        assertTrue(text.out().contains("      types: none found (variable layouts and prototypes not compared): BTF: malformed ("
                + problem + "); no DWARF and no debug file paired by build id\n"), text.out());
        Run json = check("--format", "json", "--btf-base", vmlinux().toString(), "--baseline", K612.resolve("v1/foo.ko").toString(),
                K612.resolve("varlayout_lp.ko").toString(), K612.resolve("v1/foo.ko").toString(), bad.toString());
        assertTrue(json.out().contains("\"btf\": \"malformed\",\n        \"btfBase\": \"\","), json.out());
        try (InputStream schemaFile = Files.newInputStream(Path.of("docs", "klpscope-report.schema.json"))) {
            com.networknt.schema.Schema schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                    com.networknt.schema.SpecificationVersion.DRAFT_2020_12).getSchema(schemaFile);
            assertEquals(List.of(), schema.validate(json.out(), com.networknt.schema.InputFormat.JSON).stream()
                    .map(com.networknt.schema.Error::toString).toList(), "the JSON against docs/klpscope-report.schema.json");
        }
        assertTrue(json.out().contains("\"described\": \"none found (variable layouts and prototypes not compared): BTF: malformed ("
                + problem + "); no DWARF"), json.out());
    }

    /**
     * The patch's own BTF holds the layout its code was compiled against; unreadable, it is said, on every
     * candidate, instead of the baseline's layout silently taking its place.
     */
    @Test
    void aPatchWhoseBtfCannotBeRead() throws Exception {
        Path lp = K612.resolve("varlayout_lp.ko");
        Section section = ElfImage.open(lp).section(".BTF").orElseThrow();
        Path bad = derive(lp, "badpatch/varlayout_lp.ko", b -> b.putInt((int) section.offset() + 12, 0xfffffff0)); // type_len
        Run r = btfCheck(bad, K612.resolve("v2/foo.ko"));
        List<String> layout = findings(r, "var-layout");
        assertEquals(1, layout.size(), r.out());
        assertTrue(layout.get(0).startsWith("✓ ok        var-layout: layout of variable 'foo_stats' not checked: " + PATCH_UNREADABLE
                + bad + ": .BTF: type section [0, +4294967280) extends past the end of the BTF data"), layout.get(0));
        assertTrue(layout.get(0).endsWith(at(section.offset() + 8)), "at the type section's entry in the header (type_off, "
                + "type_len): " + layout.get(0));
        assertEquals(2, r.out().lines().filter(l -> l.contains(PATCH_UNREADABLE)).count(), "on v1 and on v2: " + r.out());
        assertEquals(0, r.exit(), r.out());
    }

    /**
     * vmlinux's BTF has a few dozen struct and union names twice (6.12: {@code struct console}, a console driver's
     * and the printk one; …). A variable of such a type, given by name only (v2 with its VAR renamed away, v1 with its
     * struct renamed {@code console}), is not compared with either.
     */
    @Test
    void sameNamedTypesOfDifferentLayouts() throws Exception {
        Path v1 = K612.resolve("v1/foo.ko");
        Path v2 = K612.resolve("v2/foo.ko");
        Btf b1 = btfOf(v1);
        Btf b2 = btfOf(v2);
        Btf base = b1.base().orElseThrow();
        List<Integer> consoles = base.named("console").stream().filter(id -> base.type(id) instanceof BtfType.Composite).toList();
        assertEquals(2, consoles.size(), "6.12's vmlinux has two struct console");
        assertFalse(LayoutDiff.compare(Layouts.of(base, consoles.get(0)), Layouts.of(base, consoles.get(1))).isEmpty());
        long consoleName;
        try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(vmlinux())) {
            ByteBuffer name = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            f.read(name, base.recordOffset(consoles.get(0)));
            consoleName = Integer.toUnsignedLong(name.getInt(0));
        }
        int struct1 = own(b1, BtfType.Composite.class, "foo_stats");
        long functionName = Integer.toUnsignedLong(ByteBuffer.wrap(Files.readAllBytes(v2)).order(ByteOrder.LITTLE_ENDIAN)
                .getInt((int) b2.recordOffset(own(b2, BtfType.Function.class, "get_hits"))));
        Path console = derive(v1, "console/v1/foo.ko", b -> b.putInt((int) b1.recordOffset(struct1), (int) consoleName));
        Path noVar = derive(v2, "console/v2/foo.ko",
                b -> b.putInt((int) b2.recordOffset(own(b2, BtfType.Variable.class, "foo_stats")), (int) functionName));
        Run r = check("--btf-base", vmlinux().toString(), "--baseline", console.toString(), K612.resolve("varlayout_lp.ko").toString(),
                console.toString(), noVar.toString());
        assertEquals(List.of("✓ ok        var-layout: layout of variable 'foo_stats' not checked: 2 types in " + vmlinux() + " "
                + base.what() + " are named struct console, with different layouts (type ids " + consoles.get(0) + ", "
                + consoles.get(1) + "): which one the variable has cannot be told by name"), findings(r, "var-layout"), r.out());
        assertEquals(0, r.exit(), r.out());
    }

    // ---- DWARF: the 6.1 varlayout modules, unstripped ----------------------------------------------------------

    /** Where things are in the unstripped v2's DWARF: its foo.c unit, the variable, its struct and member 0's type. */
    record DwarfPlaces(long infoOffset, long unit, long variable, long struct, long member0Type) {
    }

    static DwarfPlaces places(Path module) {
        ElfImage image = ElfImage.open(module);
        DwarfFile dwarf = DwarfFile.of(image).orElseThrow();
        DwarfFile.Typed v = dwarf.variableNamed("foo_stats").orElseThrow();
        DwarfTypes types = v.types();
        long unit = Long.parseLong(types.what().substring(types.what().lastIndexOf("0x") + 2), 16);
        BtfType.Composite struct = (BtfType.Composite) types.type(v.type());
        return new DwarfPlaces(image.section(".debug_info").orElseThrow().offset(), unit, v.id() / 2, v.type() / 2,
                struct.members().get(0).type() / 2);
    }

    /** Where in the DIE at {@code die} its reference to {@code target} (DW_FORM_ref4, unit-relative) is. */
    static int referenceIn(byte[] file, DwarfPlaces p, long die, long target) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        for (long at = p.infoOffset() + die; at < p.infoOffset() + die + 48; at++) {
            if (b.getInt((int) at) == (int) (target - p.unit())) {
                return (int) at;
            }
        }
        throw new AssertionError("no reference to 0x" + Long.toHexString(target) + " in DIE 0x" + Long.toHexString(die));
    }

    Run dwarfCheck(Path patch, Path baseline, Path v1, Path v2) {
        return check("--baseline", baseline.toString(), patch.toString(), v1.toString(), v2.toString());
    }

    void dwarfNotCheckedOnV2(Path bad, String reason) throws Exception {
        Path lp = unxz(U61.resolve("varlayout_lp.ko.xz"), "u/varlayout_lp.ko");
        Path v1 = unxz(U61.resolve("v1/foo.ko.xz"), "u/v1/foo.ko");
        Run r = dwarfCheck(lp, v1, v1, bad);
        assertEquals(List.of("✓ ok        var-layout: layout of variable 'foo_stats' not checked: this candidate's types "
                + "cannot be read: " + reason), findings(r, "var-layout"), r.out());
        assertEquals(0, r.exit(), r.out());
    }

    /** v2 with the reference to {@code target} in DIE {@code die} overwritten by {@code value} (as DW_FORM_ref4 holds it). */
    record Retargeted(Path bad, DwarfPlaces p, int at) {
    }

    Retargeted retarget(String name, ToLongFunction<DwarfPlaces> die, ToLongFunction<DwarfPlaces> target,
                        ToLongFunction<DwarfPlaces> value) throws Exception {
        Path v2 = unxz(U61.resolve("v2/foo.ko.xz"), "u/v2/foo.ko");
        DwarfPlaces p = places(v2);
        int at = referenceIn(Files.readAllBytes(v2), p, die.applyAsLong(p), target.applyAsLong(p));
        return new Retargeted(derive(v2, name + "/v2/foo.ko", b -> b.putInt(at, (int) value.applyAsLong(p))), p, at);
    }

    @Test
    void aDwarfStructContainingItself() throws Exception {
        Retargeted r = retarget("selfnest", DwarfPlaces::struct, DwarfPlaces::member0Type, p -> p.struct() - p.unit());
        dwarfNotCheckedOnV2(r.bad(), r.bad() + ": .debug_info DIE at 0x" + Long.toHexString(r.p().struct()) + " has member "
                + "`misses` of type struct foo_stats, itself: a type that contains itself" + at(r.p().infoOffset() + r.p().struct()));
    }

    @Test
    void aDwarfVariableOfItself() throws Exception {
        Retargeted r = retarget("varselfref", DwarfPlaces::variable, DwarfPlaces::struct, p -> p.variable() - p.unit());
        dwarfNotCheckedOnV2(r.bad(), r.bad() + ": .debug_info DIE at 0x" + Long.toHexString(r.p().variable()) + " is the variable "
                + "foo_stats, where a variable's type belongs" + at(r.p().infoOffset() + r.p().variable()));
    }

    /** A reference past the section: the id it would make is not wrapped into another number; the DIE is named. */
    @Test
    void aDwarfReferencePastTheSection() throws Exception {
        Retargeted r = retarget("refpast", DwarfPlaces::variable, DwarfPlaces::struct, p -> 0x7ffffff0L);
        long length = ElfImage.open(r.bad()).section(".debug_info").orElseThrow().size();
        dwarfNotCheckedOnV2(r.bad(), r.bad() + ": .debug_info unit at 0x" + Long.toHexString(r.p().unit()) + ": DIE at 0x"
                + Long.toHexString(r.p().variable()) + " refers to 0x" + Long.toHexString(r.p().unit() + 0x7ffffff0L)
                + ", past the end of .debug_info (0x" + Long.toHexString(length) + " bytes)" + at(r.at() + 4));
    }

    /** The unit's length past the section: the candidate's types line and var-layout both say so. */
    @Test
    void aDwarfUnitLengthPastTheSection() throws Exception {
        Path v2 = unxz(U61.resolve("v2/foo.ko.xz"), "u/v2/foo.ko");
        DwarfPlaces p = places(v2);
        long length = ElfImage.open(v2).section(".debug_info").orElseThrow().size();
        Path bad = derive(v2, "unitlen/v2/foo.ko", b -> b.putInt((int) (p.infoOffset() + p.unit()), 0x7fff0000));
        String problem = bad + ": .debug_info unit at 0x" + Long.toHexString(p.unit()) + ": unit length 2147418112 runs past "
                + "the end of .debug_info (" + length + " bytes)" + at(p.infoOffset() + p.unit() + 4);
        dwarfNotCheckedOnV2(bad, problem);
    }

    /**
     * The patch's DWARF declares foo_stats as its code saw it (v1's order). Unreadable, it is said, instead of the
     * baseline given (v2) silently standing in for it and flagging v1, which the kernel recording says is right.
     */
    @Test
    void aPatchWhoseDwarfCannotBeRead() throws Exception {
        Path lp = unxz(U61.resolve("varlayout_lp.ko.xz"), "u/varlayout_lp.ko");
        Path v1 = unxz(U61.resolve("v1/foo.ko.xz"), "u/v1/foo.ko");
        Path v2 = unxz(U61.resolve("v2/foo.ko.xz"), "u/v2/foo.ko");
        Section info = ElfImage.open(lp).section(".debug_info").orElseThrow();
        Path bad = derive(lp, "badd/varlayout_lp.ko", b -> b.putInt((int) info.offset(), 0x7fff0000));
        Run intact = dwarfCheck(lp, v2, v1, v2);
        assertTrue(findings(intact, "var-layout").get(0).startsWith("◆ silent    var-layout: variable 'foo_stats'"), intact.out());
        Run r = dwarfCheck(bad, v2, v1, v2);
        String problem = PATCH_UNREADABLE + bad + ": .debug_info unit at 0x0: unit length 2147418112 runs past the end of "
                + ".debug_info (" + info.size() + " bytes)" + at(info.offset() + 4);
        assertEquals(List.of("✓ ok        var-layout: layout of variable 'foo_stats' not checked: " + problem),
                findings(r, "var-layout"), r.out());
        assertEquals(2, r.out().lines().filter(l -> l.contains(PATCH_UNREADABLE)).count(), "on v1 and on v2: " + r.out());
        assertEquals(0, r.exit(), r.out());
    }

    /**
     * A functions-only patch (seed_lp1) with a debug file whose DWARF cannot be read: func-prototype says so for each
     * function, and the candidate's types line names the problem, instead of "DWARF: debug file … (paired)".
     */
    @Test
    void aDebugFileThatCannotBeReadForAFunctionsOnlyPatch() throws Exception {
        Path debug = unxz(SampleFiles.path("seed/debug/foo.ko.debug.xz"), "seed/foo.ko.debug");
        Section info = ElfImage.open(debug).section(".debug_info").orElseThrow();
        Path bad = derive(debug, "seed/bad/foo.ko.debug", b -> b.putInt((int) info.offset(), 0x7fff0000));
        Path v1 = SampleFiles.path("seed/v1/foo.ko");
        Path v2 = SampleFiles.path("seed/v2/foo.ko");
        Run r = check("--debug-file", bad.toString(), "--baseline", v1.toString(), SampleFiles.path("seed/seed_lp1.ko").toString(),
                v1.toString(), v2.toString());
        String problem = bad + ": .debug_info unit at 0x0: unit length 2147418112 runs past the end of .debug_info ("
                + info.size() + " bytes)" + at(info.offset() + 4);
        List<String> prototypes = findings(r, "func-prototype");
        assertFalse(prototypes.isEmpty(), r.out());
        for (String f : prototypes) {
            assertTrue(f.matches("✓ ok        func-prototype: prototype of function '[a-z_]+' not checked: this candidate's "
                    + "types cannot be read: .*") && f.endsWith(problem), f);
        }
        assertTrue(r.out().contains("      types: none found (variable layouts and prototypes not compared): no .BTF; "
                + "DWARF: malformed (" + problem + ")\n"), r.out());
        assertEquals(0, r.exit(), r.out());
    }
}
