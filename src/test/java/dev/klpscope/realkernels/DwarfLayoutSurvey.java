package dev.klpscope.realkernels;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.types.BtfType;
import dev.klpscope.module.types.LayoutChange;
import dev.klpscope.module.types.LayoutDiff;
import dev.klpscope.module.types.Layouts;
import dev.klpscope.module.types.TypeGraph;
import dev.klpscope.module.types.TypeLayout;
import dev.klpscope.module.types.dwarf.DwarfFile;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The data variables of vmlinux and of modules whose type layout changed between two Debian kernel builds, from
 * DWARF: what {@code var-layout} would find for a patch that references them. Every {@code STT_OBJECT} in an
 * allocated, non-executable section (globals and statics; per-CPU variables, which BTF also has, counted apart) is
 * looked up as the check looks it up, {@link DwarfFile#variableAt} (the DWARF variable of that name at the symbol's
 * address), its type taken under qualifiers and array dimensions, and its layout built by {@link Layouts}; two builds'
 * layouts are compared by {@link LayoutDiff}. Run by {@code scripts/dwarf-survey.sh}; results in
 * docs/real-kernels.md ("DWARF layout survey").
 *
 * <p><b>Which variable is which.</b> A variable is known by its name without gcc's {@code .N} suffix and its
 * compilation unit (the DWARF unit's {@code DW_AT_name}, the source file): statics of one name in several units are
 * told apart by their unit, as {@code sympos-identity} tells them apart by {@code STT_FILE}. A name held twice or
 * more in one unit (function-scoped statics such as {@code _rs}, {@code descriptor} or {@code __key}) is compared
 * where every copy has one layout in each build (which copy is which does not matter then), else left out and
 * counted: nothing in the two builds says which copy is which.
 *
 * <p>Two steps, so that each -dbg vmlinux (630 MB) is read once however many pairs it is in:
 * <pre>
 *   extract OUT.tsv VMLINUX [MODULE_TREE]   one line per variable: its unit, type and serialized layout
 *   pair OLD.tsv NEW.tsv OUT_DIR            counts.tsv, changed.tsv (one line per changed variable, with its diff)
 * </pre>
 */
public final class DwarfLayoutSurvey {

    private static final String FIELD = "\u001f";
    private static final String MEMBER = "\u001e";
    private static final String ENUM = "\u001d";
    private static final String ENUM_FIELD = "\u001c";
    private static final String CONSTANT = "\u001b";
    private static final String VALUE = "\u001a";

    private DwarfLayoutSurvey() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 3 && args[0].equals("extract")) {
            extract(Path.of(args[1]), Path.of(args[2]), args.length > 3 ? Optional.of(Path.of(args[3])) : Optional.empty());
        } else if (args.length == 4 && args[0].equals("pair")) {
            pair(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        } else {
            System.err.println("usage: DwarfLayoutSurvey extract OUT.tsv VMLINUX [MODULE_TREE] | pair OLD.tsv NEW.tsv OUT_DIR");
            System.exit(2);
        }
    }

    // --- extract: one build

    /** One data variable of one object as its build's DWARF describes it. */
    record Variable(String object, String symbol, String section, boolean local, boolean perCpu, String status,
                    String unit, String key, TypeLayout layout) {

        /**
         * The symbol's name without gcc's {@code .N} suffix, and without the counter {@code __UNIQUE_ID_} names end
         * with ({@code __UNIQUE_ID_ddebug331}: include/linux/compiler.h's {@code __COUNTER__}), which differs between
         * builds.
         */
        String name() {
            int dot = symbol.indexOf('.');
            String plain = dot > 0 ? symbol.substring(0, dot) : symbol;
            return plain.startsWith("__UNIQUE_ID_") ? plain.replaceAll("[0-9]+$", "") : plain;
        }

        /** Name and unit: what tells one variable from another across builds. */
        String identity() {
            return object + "\t" + name() + "\t" + unit;
        }

        boolean found() {
            return status.equals("found");
        }

        String line() {
            StringBuilder m = new StringBuilder();
            for (TypeLayout.Member x : layout == null ? List.<TypeLayout.Member>of() : layout.members()) {
                if (m.length() > 0) {
                    m.append(MEMBER);
                }
                m.append(String.join(FIELD, x.path(), Long.toString(x.bitOffset()), Integer.toString(x.bitfieldSize()),
                        Long.toString(x.size()), x.type()));
            }
            List<String> enums = new ArrayList<>();
            for (TypeLayout.EnumValues e : layout == null ? List.<TypeLayout.EnumValues>of() : layout.enums()) {
                List<String> constants = new ArrayList<>();
                e.constants().forEach(c -> constants.add(c.name() + VALUE + c.value()));
                enums.add(String.join(ENUM_FIELD, e.type(), e.member(), e.truncated() ? "1" : "0", String.join(CONSTANT, constants)));
            }
            return String.join("\t", object, symbol, section, local ? "L" : "G", perCpu ? "1" : "0", status, unit, key,
                    layout == null ? "" : layout.type(), layout == null ? "" : Long.toString(layout.size()),
                    layout != null && layout.truncated() ? "1" : "0", m.toString(), String.join(ENUM, enums));
        }

        static Variable parse(String line) {
            String[] f = line.split("\t", -1);
            TypeLayout layout = null;
            if (!f[8].isEmpty() || !f[9].isEmpty()) {
                List<TypeLayout.Member> members = new ArrayList<>();
                if (!f[11].isEmpty()) {
                    for (String m : f[11].split(MEMBER, -1)) {
                        String[] x = m.split(FIELD, -1);
                        members.add(new TypeLayout.Member(x[0], Long.parseLong(x[1]), Integer.parseInt(x[2]), Long.parseLong(x[3]), x[4]));
                    }
                }
                List<TypeLayout.EnumValues> enums = new ArrayList<>();
                if (f.length > 12 && !f[12].isEmpty()) {
                    for (String e : f[12].split(ENUM, -1)) {
                        String[] x = e.split(ENUM_FIELD, -1);
                        List<TypeLayout.Constant> constants = new ArrayList<>();
                        if (!x[3].isEmpty()) {
                            for (String c : x[3].split(CONSTANT, -1)) {
                                String[] nv = c.split(VALUE, -1);
                                constants.add(new TypeLayout.Constant(nv[0], nv[1]));
                            }
                        }
                        enums.add(new TypeLayout.EnumValues(x[0], x[1], constants, x[2].equals("1")));
                    }
                }
                layout = new TypeLayout(f[8], Long.parseLong(f[9]), members, f[10].equals("1"), enums);
            }
            return new Variable(f[0], f[1], f[2], f[3].equals("L"), f[4].equals("1"), f[5], f[6], f[7], layout);
        }
    }

    static void extract(Path out, Path vmlinux, Optional<Path> moduleTree) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            long start = System.nanoTime();
            int n = variables("vmlinux", vmlinux, w);
            System.err.printf("%s: %d variables in %.1f s%n", vmlinux, n, (System.nanoTime() - start) / 1e9);
            if (moduleTree.isEmpty()) {
                return;
            }
            List<Path> modules;
            try (Stream<Path> s = Files.walk(moduleTree.get())) {
                modules = s.filter(p -> p.getFileName().toString().endsWith(".ko")).sorted().toList();
            }
            start = System.nanoTime();
            int total = 0;
            for (Path m : modules) {
                total += variables(moduleTree.get().relativize(m).toString(), m, w);
            }
            System.err.printf("%s: %d modules, %d variables in %.1f s%n", moduleTree.get(), modules.size(), total,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static int variables(String object, Path file, BufferedWriter w) throws IOException {
        ElfImage image;
        Optional<DwarfFile> dwarf;
        try {
            image = ElfImage.open(file);
            dwarf = DwarfFile.of(image);
        } catch (MalformedInputException e) {
            System.err.println("skipped: " + e.getMessage());
            return 0;
        }
        List<Symbol> data = new ArrayList<>();
        for (Symbol s : image.symbols()) {
            if (s.isObject() && !s.name().isEmpty() && s.sectionIndex() != Symbol.SHN_UNDEF && s.sectionIndex() < Symbol.SHN_LORESERVE) {
                Section sec = image.section(s.sectionIndex());
                if (sec.isAlloc() && !sec.isExecutable()) {
                    data.add(s);
                }
            }
        }
        // in address order, so that the units holding the variables are decoded one after the other, not in turns
        data.sort(Comparator.comparingInt(Symbol::sectionIndex).thenComparingLong(Symbol::value));
        for (Symbol s : data) {
            String section = image.section(s.sectionIndex()).name();
            boolean perCpu = section.equals(".data..percpu");
            Variable v;
            if (dwarf.isEmpty()) {
                v = new Variable(object, s.name(), section, s.isLocal(), perCpu, "nodwarf-file", "", "", null);
            } else {
                v = variable(object, s, section, perCpu, dwarf.get());
            }
            w.write(v.line());
            w.newLine();
        }
        return data.size();
    }

    private static Variable variable(String object, Symbol s, String section, boolean perCpu, DwarfFile dwarf) {
        try {
            Optional<DwarfFile.Typed> t = dwarf.variableAt(s.name(), s.value());
            if (t.isEmpty()) {
                return new Variable(object, s.name(), section, s.isLocal(), perCpu, "nodwarf", "", "", null);
            }
            String unit = t.get().types().unitName();
            if (t.get().type() == 0) {
                return new Variable(object, s.name(), section, s.isLocal(), perCpu, "notype", unit, "", null);
            }
            TypeGraph g = t.get().types();
            int element = element(g, t.get().type());
            return new Variable(object, s.name(), section, s.isLocal(), perCpu, "found", unit, typeKey(g, element),
                    Layouts.of(g, element));
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            return new Variable(object, s.name(), section, s.isLocal(), perCpu, "error " + e.getMessage().replace('\t', ' '), "", "", null);
        }
    }

    /** Under const, volatile, restrict and array dimensions, as {@code var-layout} compares it. */
    private static int element(TypeGraph graph, int id) {
        int at = id;
        for (int steps = 0; steps < 32; steps++) {
            BtfType t = graph.type(at);
            if (t instanceof BtfType.Reference r && r.kind() != BtfType.RefKind.TYPEDEF) {
                at = r.target();
            } else if (t instanceof BtfType.Array a) {
                at = a.element();
            } else {
                return at;
            }
        }
        return at;
    }

    /** {@code struct foo}, {@code union bar}, {@code typedef baz}; {@code -} for a scalar, pointer or anonymous type. */
    private static String typeKey(TypeGraph graph, int id) {
        BtfType t = graph.type(id);
        if (t instanceof BtfType.Reference r && r.kind() == BtfType.RefKind.TYPEDEF) {
            return "typedef " + r.name();
        }
        if (t instanceof BtfType.Composite c && !c.name().isEmpty()) {
            return c.keyword() + " " + c.name();
        }
        return "-";
    }

    // --- pair: two builds

    /** What became of one variable of the older build in the newer. */
    enum Outcome {
        UNCHANGED("unchanged"),
        CHANGED_SAME_SIZE("changed at the same size"),
        ENUM_ONLY("only enum constants changed"),
        CHANGED_SIZE("changed size"),
        TYPE_RENAMED("type renamed"),
        TRUNCATED("layout cut at Layouts.MAX_MEMBERS in either build (not compared)"),
        GONE("not in the newer build (no variable of that name in that unit)"),
        OTHER_UNIT("in the newer build only in another unit"),
        AMBIGUOUS("left out: the name twice or more in one unit, the copies of different layouts"),
        NO_DWARF("no DWARF variable at its address"),
        NO_TYPE("DWARF variable without a type"),
        NO_DWARF_FILE("object without DWARF"),
        ERROR("DWARF error"),
        NEWER_NOT_FOUND("newer build's copy has no DWARF variable");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    static void pair(Path olderFile, Path newerFile, Path outDir) throws IOException {
        List<Variable> older = read(olderFile);
        List<Variable> newer = read(newerFile);
        Map<String, List<Variable>> newerById = byIdentity(newer);
        Map<String, List<Variable>> olderById = byIdentity(older);
        Map<String, List<Variable>> newerByName = new HashMap<>();
        for (Variable v : newer) {
            newerByName.computeIfAbsent(v.object() + "\t" + v.name(), k -> new ArrayList<>()).add(v);
        }
        java.util.Set<String> objectsInBoth = new java.util.HashSet<>();
        java.util.Set<String> newerObjects = new java.util.HashSet<>();
        newer.forEach(v -> newerObjects.add(v.object()));
        // counts[scope][outcome], scope: vmlinux / modules, each ordinary or per-CPU
        Map<String, Map<Outcome, Integer>> counts = new TreeMap<>();
        Map<String, Integer> noDwarfNames = new HashMap<>();
        Map<String, Integer> copiesOfOneLayout = new TreeMap<>();
        Files.createDirectories(outDir);
        try (BufferedWriter changed = Files.newBufferedWriter(outDir.resolve("changed.tsv"), StandardCharsets.UTF_8)) {
            changed.write("object\tvariable\tunit\tsection\tscope\toutcome\ttype\tsize\tchanges\n");
            for (Variable v : older) {
                if (!newerObjects.contains(v.object())) {
                    continue; // a module of only the older build
                }
                objectsInBoth.add(v.object());
                String scope = (v.object().equals("vmlinux") ? "vmlinux" : "modules") + (v.perCpu() ? " per-CPU" : "");
                Outcome o;
                List<LayoutChange> changes = List.of();
                Variable w = null;
                if (v.status().equals("nodwarf")) {
                    o = Outcome.NO_DWARF;
                    noDwarfNames.merge(v.name().replaceAll("[0-9]+$", "N"), 1, Integer::sum);
                } else if (v.status().equals("notype")) {
                    o = Outcome.NO_TYPE;
                } else if (v.status().equals("nodwarf-file")) {
                    o = Outcome.NO_DWARF_FILE;
                } else if (v.status().startsWith("error")) {
                    o = Outcome.ERROR;
                } else if (oneLayout(olderById.get(v.identity())) == null
                        || oneLayout(newerById.getOrDefault(v.identity(), List.of())) == null) {
                    o = Outcome.AMBIGUOUS;
                } else {
                    List<Variable> there = newerById.getOrDefault(v.identity(), List.of());
                    if (olderById.get(v.identity()).size() > 1 || there.size() > 1) {
                        copiesOfOneLayout.merge(scope, 1, Integer::sum);
                    }
                    if (there.isEmpty()) {
                        boolean elsewhere = newerByName.getOrDefault(v.object() + "\t" + v.name(), List.of()).stream()
                                .anyMatch(Variable::found);
                        boolean unfound = newerByName.getOrDefault(v.object() + "\t" + v.name(), List.of()).stream()
                                .anyMatch(x -> !x.found());
                        o = elsewhere ? Outcome.OTHER_UNIT : unfound ? Outcome.NEWER_NOT_FOUND : Outcome.GONE;
                    } else {
                        w = there.get(0);
                        if (v.layout().truncated() || w.layout().truncated()) {
                            o = Outcome.TRUNCATED;
                        } else {
                            changes = LayoutDiff.compare(v.layout(), w.layout());
                            o = outcome(changes);
                        }
                    }
                }
                counts.computeIfAbsent(scope, k -> new LinkedHashMap<>()).merge(o, 1, Integer::sum);
                if (!changes.isEmpty()) {
                    changed.write(String.join("\t", v.object(), v.name(), v.unit(), v.section(), scope, o.label,
                            v.layout().type() + (v.key().equals("-") || v.key().equals(v.layout().type()) ? "" : " (" + v.key() + ")"),
                            v.layout().size() + "→" + w.layout().size(), LayoutDiff.summary(changes)));
                    changed.newLine();
                }
            }
        }
        try (PrintStream p = new PrintStream(Files.newOutputStream(outDir.resolve("counts.tsv")), true, StandardCharsets.UTF_8)) {
            p.println("objects in both builds\t" + objectsInBoth.size());
            for (var e : counts.entrySet()) {
                int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
                p.println(e.getKey() + "\tvariables\t" + total);
                for (Outcome o : Outcome.values()) {
                    p.println(e.getKey() + "\t" + o.label + "\t" + e.getValue().getOrDefault(o, 0));
                }
            }
            copiesOfOneLayout.forEach((scope, n) -> p.println(scope + "\tof which, copies of a name in one unit, all of one layout in each build\t" + n));
            p.println("no DWARF variable, most frequent names (digits as N):");
            noDwarfNames.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                    .forEach(e -> p.println("\t" + e.getKey() + "\t" + e.getValue()));
        }
        System.out.print(Files.readString(outDir.resolve("counts.tsv")));
    }

    /** The layout every copy has (an empty one for none), or null when they differ: then which copy is which matters. */
    private static TypeLayout oneLayout(List<Variable> copies) {
        TypeLayout first = copies.isEmpty() ? new TypeLayout("", 0, List.of(), false) : copies.get(0).layout();
        for (Variable c : copies) {
            if (!c.layout().equals(first)) {
                return null;
            }
        }
        return first;
    }

    private static Outcome outcome(List<LayoutChange> changes) {
        if (changes.isEmpty()) {
            return Outcome.UNCHANGED;
        }
        if (changes.stream().anyMatch(c -> c instanceof LayoutChange.TypeRenamed)) {
            return Outcome.TYPE_RENAMED;
        }
        if (changes.stream().anyMatch(c -> c instanceof LayoutChange.SizeChanged)) {
            return Outcome.CHANGED_SIZE;
        }
        if (changes.stream().allMatch(c -> c instanceof LayoutChange.EnumChanged)) {
            return Outcome.ENUM_ONLY;
        }
        return Outcome.CHANGED_SAME_SIZE;
    }

    private static List<Variable> read(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.map(Variable::parse).toList();
        }
    }

    private static Map<String, List<Variable>> byIdentity(List<Variable> vars) {
        Map<String, List<Variable>> m = new HashMap<>();
        for (Variable v : vars) {
            if (v.found()) {
                m.computeIfAbsent(v.identity(), k -> new ArrayList<>()).add(v);
            }
        }
        return m;
    }
}
