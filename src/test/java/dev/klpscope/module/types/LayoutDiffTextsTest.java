package dev.klpscope.module.types;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.module.types.dwarf.DwarfFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The member diff texts of {@code var-layout} ({@link LayoutDiff#summary}) on real compiler output: each case is a
 * pair of C sources that differ in one way, compiled by gcc as kbuild compiles a module's units ({@code -g -O2 -c}),
 * with DWARF 4 (bitfields as {@code DW_AT_bit_offset} from the storage unit's high end) and DWARF 5
 * ({@code DW_AT_data_bit_offset}); the layouts of {@code thevar} read from each object's DWARF. The expected texts are
 * written from the sources (offsets counted by hand for x86-64: int 4 bytes, long 8, each aligned to its size); the
 * offsets of both layouts are also held against {@code pahole -F dwarf} on the same objects.
 */
class LayoutDiffTextsTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String dwarf : List.of("4", "5")) {
            out.add(Arguments.of(dwarf, "retyped",
                    "struct s { int a; long b; }; struct s thevar;",
                    "struct s { int a; unsigned long b; }; struct s thevar;",
                    "`b`: type long int → long unsigned int"));
            out.add(Arguments.of(dwarf, "bitfield",
                    "struct s { unsigned int f1 : 3, f2 : 5; int c; }; struct s thevar;",
                    "struct s { unsigned int f1 : 4, f2 : 5; int c; }; struct s thevar;",
                    "`f1`: bitfield 3 → 4 bits; `f2`: offset 0x0+3 bits → 0x0+4 bits"));
            out.add(Arguments.of(dwarf, "nested",
                    "struct inner { int a; int b; }; struct s { long x; struct inner in; }; struct s thevar;",
                    "struct inner { int b; int a; }; struct s { long x; struct inner in; }; struct s thevar;",
                    "`in.b`: offset 0xc → 0x8; `in.a`: offset 0x8 → 0xc"));
            out.add(Arguments.of(dwarf, "array",
                    "struct s { int arr[4]; long x; }; struct s thevar;",
                    "struct s { int arr[5]; long x; }; struct s thevar;",
                    "size 24 → 32 bytes; `arr`: type int[4] → int[5], size 16 → 20 bytes; `x`: offset 0x10 → 0x18"));
            out.add(Arguments.of(dwarf, "renamed",
                    "struct s { int a; long b; }; struct s thevar;",
                    "struct t { int a; long b; }; struct t thevar;",
                    "type struct s → struct t"));
            out.add(Arguments.of(dwarf, "inserted",
                    "struct s { long a, b, c, d, e, f, g, h; }; struct s thevar;",
                    "struct s { long a, b, x, c, d, e, f, g, h; }; struct s thevar;",
                    "size 64 → 72 bytes; new member `x` at 0x10 (long int) shifts 6 members; `c`: offset 0x10 → 0x18; "
                            + "`d`: offset 0x18 → 0x20; `e`: offset 0x20 → 0x28; and 3 more members moved"));
            out.add(Arguments.of(dwarf, "removed",
                    "struct s { long a; int gone; int b; long c; }; struct s thevar;",
                    "struct s { long a; int b; long c; }; struct s thevar;",
                    "member `gone` (int at 0x8) removed, shifting 1 member; `b`: offset 0xc → 0x8"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "DWARF {0}: {1}")
    @MethodSource("cases")
    void theMemberDiffSaysWhatTheSourcesChanged(String dwarf, String name, String before, String after, String expected,
                                                @TempDir Path dir) throws Exception {
        Path v1 = compile(dir, "v1", before, dwarf);
        Path v2 = compile(dir, "v2", after, dwarf);
        TypeLayout from = layoutOfTheVar(v1);
        TypeLayout to = layoutOfTheVar(v2);
        assertEquals(expected, LayoutDiff.summary(LayoutDiff.compare(from, to)));
        for (Path o : List.of(v1, v2)) {
            TypeLayout ours = o == v1 ? from : to;
            String struct = ours.type().substring("struct ".length());
            Map<String, List<Pahole.Member>> reference = Pahole.dwarfTypes(o, List.of(struct));
            assertEquals(reference.get(ours.type()), PaholeAgreementTest.topLevel(ours), o + ": offsets as pahole reads them");
        }
    }

    /** {@code gcc -g -gdwarf-N -O2 -c}; each source defines {@code thevar}, so its type is in the unit. */
    static Path compile(Path dir, String name, String source, String dwarf) throws IOException, InterruptedException {
        Path c = Files.writeString(dir.resolve(name + ".c"), source + "\n");
        Path o = dir.resolve(name + ".o");
        Process p;
        try {
            p = new ProcessBuilder("gcc", "-g", "-gdwarf-" + dwarf, "-O2", "-c", c.toString(), "-o", o.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("gcc is not installed");
            throw e;
        }
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc " + c + ": " + log);
        Assumptions.assumeTrue(Pahole.available(), "pahole is not installed");
        return o;
    }

    static TypeLayout layoutOfTheVar(Path o) {
        ElfImage image = ElfImage.open(o);
        DwarfFile dwarf = DwarfFile.of(image).orElseThrow();
        long at = image.symbols().stream().filter(s -> s.name().equals("thevar")).findFirst().orElseThrow().value();
        DwarfFile.Typed t = dwarf.variableAt("thevar", at).orElseThrow();
        return Layouts.of(t.types(), TypeNames.resolveId(t.types(), t.type()));
    }
}
