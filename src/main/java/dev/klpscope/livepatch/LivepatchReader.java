package dev.klpscope.livepatch;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.RelocationTypes;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a livepatch module: its klp relocation sections and symbols (parsed the way the kernel parses them),
 * every relocation site, the functions it replaces, what it defines and what it imports.
 */
public final class LivepatchReader {

    private LivepatchReader() {
    }

    public static Livepatch read(Path path) {
        return read(KernelObjectReader.read(path));
    }

    public static Livepatch read(KernelObject module) {
        ElfImage image = module.image();
        List<Symbol> symbols = image.symbols();
        List<PatchProblem> problems = new ArrayList<>();
        FunctionLocator functions = new FunctionLocator(symbols);
        int machine = image.header().machine();

        List<KlpSection> klpSections = new ArrayList<>();
        Map<Integer, List<RelocationSite>> sitesBySymbol = new LinkedHashMap<>();
        List<String> legacy = new ArrayList<>();
        for (Section s : image.sections()) {
            if (s.name().startsWith(".klp.arch.")) {
                legacy.add(s.name() + " (.klp.arch sections were removed in Linux 5.8)");
            }
            if (s.name().equals(".kpatch.dynrelas")) {
                legacy.add(".kpatch.dynrelas (kpatch core-module era: applied by kpatch.ko, not by livepatch)");
            }
            boolean named = s.name().startsWith(KlpName.RELA_PREFIX);
            boolean flagged = s.hasFlag(Section.SHF_RELA_LIVEPATCH);
            if (!named && !flagged) {
                continue;
            }
            Optional<KlpName.SectionName> parsed = KlpName.parseSection(s.name());
            String object = parsed.map(KlpName.SectionName::object).orElse("?");
            if (flagged && parsed.isEmpty()) {
                problems.add(new PatchProblem("klp-section-format", PatchProblem.Level.REFUSED,
                        "section " + s.name() + " has SHF_RELA_LIVEPATCH but its name is not .klp.rela.<object>.<section>",
                        "livepatch: section " + s.name() + " has an incorrectly formatted name"));
            }
            if (named && !flagged) {
                problems.add(new PatchProblem("klp-section-flag", PatchProblem.Level.SILENT,
                        "section " + s.name() + " lacks SHF_RELA_LIVEPATCH: the kernel never applies it as a livepatch "
                                + "relocation section, so the patched code runs with unrelocated addresses", ""));
            }
            if (parsed.isPresent() && parsed.get().objectTruncated()) {
                problems.add(new PatchProblem("klp-section-format", PatchProblem.Level.SILENT,
                        "section " + s.name() + " names an object longer than 55 characters: the kernel reads only '"
                                + object + "', which matches no module, so these relocations are never written", ""));
            }
            boolean rela = s.type() == Section.SHT_RELA;
            boolean targetOk = s.info() > 0 && s.info() < image.sections().size();
            String target = targetOk ? image.section((int) s.info()).name() : "";
            if (!rela) {
                problems.add(new PatchProblem("klp-section-format", PatchProblem.Level.REFUSED,
                        "section " + s.name() + " is not SHT_RELA (type " + s.type() + ")", ""));
            }
            if (!targetOk) {
                problems.add(new PatchProblem("klp-section-info", PatchProblem.Level.CRASH,
                        "section " + s.name() + " has sh_info " + s.info() + ", which names no section", ""));
            }
            String displayed = parsed.map(KlpName.SectionName::displayedSection).orElse("");
            if (targetOk && !displayed.isEmpty() && !displayed.equals(target)) {
                problems.add(new PatchProblem("klp-section-target", PatchProblem.Level.INFO,
                        "section " + s.name() + " is named for " + displayed + " but sh_info points at " + target
                                + " (the kernel uses sh_info)", ""));
            }
            if (targetOk && !object.equals("vmlinux") && (target.equals("__jump_table") || target.equals(".static_call_sites"))) {
                problems.add(new PatchProblem("special-section-keys", PatchProblem.Level.RISK, String.format(
                        "%s writes %s entries whose keys live in module '%s': they are applied after jump labels and static "
                                + "calls were initialised (klp-build refuses this: unsupported static branch key)",
                        s.name(), target, object), ""));
            }
            List<Relocation> relocations = rela ? image.relocations(s) : List.of();
            klpSections.add(new KlpSection(s.index(), s.name(), object, target, displayed, s.flags(), flagged, relocations.size()));
            if (!rela || !flagged) {
                continue;
            }
            for (Relocation r : relocations) {
                if (r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size()) {
                    problems.add(new PatchProblem("klp-reloc-symbol", PatchProblem.Level.CRASH, String.format(
                            "relocation at %s+0x%x in %s refers to symbol %d, outside the symbol table (%d entries)",
                            target, r.offset(), s.name(), r.symbolIndex(), symbols.size()), ""));
                    continue;
                }
                Symbol sym = symbols.get(r.symbolIndex());
                if (!sym.isLivepatch()) {
                    problems.add(new PatchProblem("klp-sym-marked", PatchProblem.Level.REFUSED,
                            "relocation in " + s.name() + " refers to '" + sym.name() + "', which is not a livepatch symbol (SHN_LIVEPATCH)",
                            "livepatch: symbol " + sym.name() + " is not marked as a livepatch symbol"));
                    continue;
                }
                Optional<KlpName.SymbolName> symName = KlpName.parseSymbol(sym.name());
                if (symName.isPresent() && !object.equals("vmlinux") && symName.get().object().equals("vmlinux")) {
                    problems.add(new PatchProblem("module-vs-vmlinux-ref", PatchProblem.Level.REFUSED,
                            "module-specific section " + s.name() + " refers to vmlinux symbol " + symName.get().name()
                                    + " (not allowed since Linux 5.8)",
                            "livepatch: invalid access to vmlinux symbol '" + symName.get().name()
                                    + "' from module-specific livepatch relocation section"));
                }
                String function = targetOk ? functions.containing((int) s.info(), r.offset()) : "";
                sitesBySymbol.computeIfAbsent(r.symbolIndex(), k -> new ArrayList<>()).add(new RelocationSite(
                        s.name(), target, r.offset(), r.type(), RelocationTypes.name(machine, r.type()), r.addend(),
                        function, RelocationTypes.isCall(machine, r.type())));
            }
        }

        List<KlpReference> references = new ArrayList<>();
        for (Symbol sym : symbols) {
            if (!sym.isLivepatch()) {
                continue;
            }
            Optional<KlpName.SymbolName> n = KlpName.parseSymbol(sym.name());
            if (n.isEmpty()) {
                problems.add(new PatchProblem("klp-sym-format", PatchProblem.Level.REFUSED,
                        "livepatch symbol '" + sym.name() + "' " + KlpName.explainBadSymbol(sym.name()),
                        "livepatch: symbol " + sym.name() + " has an incorrectly formatted name"));
                continue;
            }
            List<RelocationSite> sites = sitesBySymbol.getOrDefault(sym.index(), List.of());
            if (sites.isEmpty()) {
                continue; // never used by a relocation: the kernel never resolves it
            }
            references.add(new KlpReference(n.get().object(), n.get().name(), n.get().sympos(), sym, sites));
        }

        Pointers pointers = new Pointers(image);
        List<PatchedFunction> patched = List.of();
        Optional<Boolean> replace = Optional.empty();
        String source = "none found";
        Optional<List<PatchedFunction>> klpBuild = KlpBuildDecoder.decode(pointers);
        Optional<List<PatchedFunction>> kpatch = KpatchFuncsDecoder.decode(pointers);
        if (klpBuild.isPresent()) {
            patched = klpBuild.get();
            source = KlpBuildDecoder.SOURCE;
            replace = Optional.of(true);
        } else if (kpatch.isPresent()) {
            patched = kpatch.get();
            source = KpatchFuncsDecoder.SOURCE;
        } else {
            Optional<KlpStructDecoder.Result> structs = new KlpStructDecoder(pointers).decode();
            if (structs.isPresent()) {
                patched = structs.get().functions();
                replace = structs.get().replace();
                problems.addAll(structs.get().problems());
                source = KlpStructDecoder.SOURCE;
            }
        }

        java.util.Set<String> objectNames = new java.util.LinkedHashSet<>();
        patched.forEach(f -> objectNames.add(f.object()));
        klpSections.forEach(k -> objectNames.add(k.object()));
        references.forEach(r -> objectNames.add(r.object()));
        for (String o : objectNames) {
            if (o.indexOf('-') >= 0) {
                problems.add(new PatchProblem("objname-match", PatchProblem.Level.SILENT, String.format(
                        "object name '%s' contains '-', but runtime module names use '_' ('%s'): it never matches a loaded "
                                + "module, so the patch loads and patches nothing in it", o, o.replace('-', '_')), ""));
            }
        }

        if (!module.isLivepatch() && klpSections.isEmpty() && patched.isEmpty()) {
            throw new MalformedInputException(module.path(),
                    "is not a livepatch: no livepatch=Y in .modinfo, no .klp.rela sections and no klp_patch structures");
        }
        if (!module.isLivepatch()) {
            problems.add(new PatchProblem("modinfo-livepatch", PatchProblem.Level.REFUSED,
                    ".modinfo lacks livepatch=Y", "livepatch: module " + module.name() + " is not marked as a livepatch module"));
        }

        return new Livepatch(module, klpSections, references, patched, definedSymbols(module), imports(image, symbols, functions),
                replace, source, problems, legacy);
    }

    /** Functions and variables the patch defines, without the module boilerplate every .ko has. */
    private static List<Symbol> definedSymbols(KernelObject module) {
        List<Symbol> out = new ArrayList<>();
        for (Symbol s : module.image().symbols()) {
            if (s.isUndefined() || s.isLivepatch() || s.sectionIndex() >= Symbol.SHN_LORESERVE || s.name().isEmpty()) {
                continue;
            }
            if (!s.isFunction() && !s.isObject()) {
                continue;
            }
            if (isBoilerplate(s.name())) {
                continue;
            }
            out.add(s);
        }
        return out;
    }

    static boolean isBoilerplate(String n) {
        return n.equals("__this_module") || n.equals("init_module") || n.equals("cleanup_module")
                || n.startsWith("__UNIQUE_ID_") || n.equals("____versions") || n.startsWith("_note_")
                || n.startsWith("__param_") || n.startsWith("__mod_") || n.startsWith("__ksymtab_")
                || n.startsWith("__kstrtab_") || n.startsWith("__kstrtabns_") || n.startsWith("__crc_");
    }

    private static List<Livepatch.Import> imports(ElfImage image, List<Symbol> symbols, FunctionLocator functions) {
        Map<String, List<RelocationSite>> byName = new LinkedHashMap<>();
        int machine = image.header().machine();
        for (Section s : image.sections()) {
            if (s.type() != Section.SHT_RELA || s.hasFlag(Section.SHF_RELA_LIVEPATCH) || s.isDebug()) {
                continue;
            }
            boolean targetOk = s.info() > 0 && s.info() < image.sections().size();
            String target = targetOk ? image.section((int) s.info()).name() : "";
            for (Relocation r : image.relocations(s)) {
                if (r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size()) {
                    continue;
                }
                Symbol sym = symbols.get(r.symbolIndex());
                if (!sym.isUndefined() || sym.name().isEmpty()) {
                    continue;
                }
                byName.computeIfAbsent(sym.name(), k -> new ArrayList<>()).add(new RelocationSite(s.name(), target, r.offset(),
                        r.type(), RelocationTypes.name(machine, r.type()), r.addend(),
                        targetOk ? functions.containing((int) s.info(), r.offset()) : "",
                        RelocationTypes.isCall(machine, r.type())));
            }
        }
        List<Livepatch.Import> out = new ArrayList<>();
        byName.forEach((n, sites) -> out.add(new Livepatch.Import(n, sites)));
        return out;
    }

    /** Finds the function symbol that covers an offset of a section. */
    static final class FunctionLocator {
        private final Map<Integer, List<Symbol>> bySection = new HashMap<>();

        FunctionLocator(List<Symbol> symbols) {
            for (Symbol s : symbols) {
                if (s.isFunction() && !s.isUndefined() && s.sectionIndex() < Symbol.SHN_LORESERVE) {
                    bySection.computeIfAbsent(s.sectionIndex(), k -> new ArrayList<>()).add(s);
                }
            }
            bySection.values().forEach(l -> l.sort(Comparator.comparingLong(Symbol::value)));
        }

        String containing(int section, long offset) {
            for (Symbol s : bySection.getOrDefault(section, List.of())) {
                if (offset >= s.value() && offset < s.value() + Math.max(s.size(), 1)) {
                    return s.name();
                }
            }
            return "";
        }
    }
}
