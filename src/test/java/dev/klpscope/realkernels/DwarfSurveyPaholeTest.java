package dev.klpscope.realkernels;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.types.BtfType;
import dev.klpscope.module.types.LayoutChange;
import dev.klpscope.module.types.LayoutDiff;
import dev.klpscope.module.types.Layouts;
import dev.klpscope.module.types.TypeGraph;
import dev.klpscope.module.types.TypeLayout;
import dev.klpscope.module.types.dwarf.DwarfFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Findings of the DWARF layout survey (scripts/dwarf-survey.sh, docs/real-kernels.md "DWARF layout survey") held
 * against pahole, not against klpscope: for a variable the survey found changed between two Debian -dbg vmlinux
 * builds, {@code pahole -F dwarf --hex -C TYPE} on each file gives the expected size and members, and the changes
 * between pahole's two layouts (members added, removed, moved; sizes) must be exactly the top-level changes
 * klpscope's {@link LayoutDiff} finds between the layouts of the variable's DWARF type at its address. Runs where the
 * cache has the -dbg vmlinux files and pahole is installed.
 */
class DwarfSurveyPaholeTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "init_task, 6.1.0-47, 6.1.0-50",
            "noop_qdisc, 6.1.0-50, 6.1.0-53",
            "blob_sizes, 6.1.0-50, 6.1.0-53",
            "root_user, 6.1.0-53, 6.1.0-56",
    })
    void changesAreThoseBetweenPaholesLayouts(String variable, String older, String newer) throws Exception {
        Path a = VmlinuxTypesTest.CACHE.resolve("dbg/" + older + "/vmlinux");
        Path b = VmlinuxTypesTest.CACHE.resolve("dbg/" + newer + "/vmlinux");
        Assumptions.assumeTrue(Files.isRegularFile(a) && Files.isRegularFile(b), "no -dbg vmlinux of " + older + " and " + newer);
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/pahole")), "no pahole");
        TypeLayout before = layout(a, variable);
        TypeLayout after = layout(b, variable);
        String type = before.type().substring(before.type().indexOf(' ') + 1);
        Printed was = Printed.of(a, type);
        Printed now = Printed.of(b, type);
        assertFalse(was.members().isEmpty() || now.members().isEmpty(), "pahole printed " + type + " from both files");

        Set<String> expected = new TreeSet<>();
        if (was.size() != now.size()) {
            expected.add("size " + was.size() + " -> " + now.size());
        }
        now.members().forEach((name, at) -> {
            long[] old = was.members().get(name);
            if (old == null) {
                expected.add("added " + name + " at bit " + at[0]);
            } else if (old[0] != at[0]) {
                expected.add("moved " + name + " bit " + old[0] + " -> " + at[0]);
            }
            if (old != null && old[1] != at[1]) {
                expected.add("resized " + name + " " + old[1] + " -> " + at[1]);
            }
        });
        was.members().keySet().stream().filter(n -> !now.members().containsKey(n)).forEach(n -> expected.add("removed " + n));

        Set<String> found = new TreeSet<>();
        for (LayoutChange c : LayoutDiff.compare(before, after)) {
            if (c instanceof LayoutChange.SizeChanged s) {
                found.add("size " + s.from() + " -> " + s.to());
            } else if (c instanceof LayoutChange.Added m) {
                topLevel(m.member(), found, "added " + m.member().path() + " at bit " + m.member().bitOffset());
            } else if (c instanceof LayoutChange.Removed m) {
                topLevel(m.member(), found, "removed " + m.member().path());
            } else if (c instanceof LayoutChange.Moved m) {
                topLevel(m.to(), found, "moved " + m.to().path() + " bit " + m.from().bitOffset() + " -> " + m.to().bitOffset());
            } else if (c instanceof LayoutChange.Retyped m && m.from().size() != m.to().size()) {
                topLevel(m.to(), found, "resized " + m.to().path() + " " + m.from().size() + " -> " + m.to().size());
            } else if (c instanceof LayoutChange.TypeRenamed r) {
                found.add("type " + r.from() + " -> " + r.to());
            }
        }
        assertFalse(expected.isEmpty(), "pahole shows " + type + " changed between " + older + " and " + newer);
        assertEquals(expected, found, variable + " (" + before.type() + "), " + older + " -> " + newer);
    }

    /** pahole lists the members of named nested types under their type, not the variable's: top-level paths only. */
    private static void topLevel(TypeLayout.Member m, Set<String> out, String change) {
        if (!m.path().contains(".")) {
            out.add(change);
        }
    }

    /** The layout of the variable's DWARF type, as the survey and var-layout read it (under qualifiers and arrays). */
    private static TypeLayout layout(Path vmlinux, String name) {
        ElfImage image = ElfImage.open(vmlinux);
        Symbol s = image.symbols().firstDefined(name).orElseThrow();
        DwarfFile.Typed t = DwarfFile.of(image).orElseThrow().variableAt(name, s.value()).orElseThrow();
        TypeGraph g = t.types();
        int id = t.type();
        while (g.type(id) instanceof BtfType.Array arr) {
            id = arr.element();
        }
        return Layouts.of(g, id);
    }

    /** What pahole prints of one struct or union: its size, and each member's bit offset and size by name. */
    record Printed(long size, Map<String, long[]> members) {

        private static final Pattern MEMBER = Pattern.compile(
                "^\\s*(.*?)(?::\\s*\\d+)?;\\s*/\\*\\s*(0x[0-9a-f]+|\\d+)(?::\\s*(0x[0-9a-f]+|\\d+))?\\s+(0x[0-9a-f]+|\\d+)\\s*\\*/\\s*$");
        private static final Pattern SIZE = Pattern.compile("/\\* size: (\\d+),");

        static Printed of(Path file, String type) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("pahole", "-F", "dwarf", "--hex", "-C", type, file.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            long size = -1;
            Map<String, long[]> members = new LinkedHashMap<>();
            for (String line : out.lines().toList()) {
                Matcher s = SIZE.matcher(line);
                if (s.find() && size < 0) {
                    size = Long.parseLong(s.group(1));
                }
                Matcher m = MEMBER.matcher(line);
                if (!m.matches() || m.group(1).trim().startsWith("}")) {
                    continue; // the end of an anonymous struct or union, whose members are listed at their own offsets
                }
                String decl = m.group(1).replaceAll("__attribute__\\(\\(.*\\)\\)", "").trim();
                Matcher fp = Pattern.compile("\\(\\s*\\*\\s*(\\w+)\\s*\\)").matcher(decl);
                String name = fp.find() ? fp.group(1) : decl.replaceAll("(\\[\\d*\\])+$", "").replaceAll(".*?(\\w+)$", "$1");
                long bits = number(m.group(2)) * 8 + (m.group(3) == null ? 0 : number(m.group(3)));
                members.putIfAbsent(name, new long[] {bits, number(m.group(4))});
            }
            return new Printed(size, members);
        }

        private static long number(String s) {
            return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        }
    }
}
