package dev.klpscope.livepatch;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.RelocationTypes;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.lint.KernelRules;
import dev.klpscope.livepatch.lint.KlpName;
import dev.klpscope.livepatch.lint.LivepatchLint;
import dev.klpscope.livepatch.lint.PatchProblem;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.module.code.CodeIndex;

import java.nio.file.Path;
import java.util.ArrayList;
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

    /** With the loader to judge the file by given (--loader), rather than chosen from its vermagic. */
    public static Livepatch read(Path path, Optional<KernelVersion> loader) {
        KernelObject module = KernelObjectReader.read(path);
        return read(module, loader.map(KernelRules::chosen).orElseGet(() -> KernelRules.of(module)));
    }

    public static Livepatch read(KernelObject module) {
        return read(module, KernelRules.of(module));
    }

    /** Reads a livepatch; a module that is none ({@link #readIfLivepatch}) is bad input, named in the message. */
    public static Livepatch read(KernelObject module, KernelRules rules) {
        return readIfLivepatch(module, rules).orElseThrow(() -> new MalformedInputException(module.path(),
                "is not a livepatch: no livepatch=Y in .modinfo, no .klp.rela sections and no klp_patch structures"));
    }

    /**
     * Whether a file says it is a livepatch without being decoded: {@code livepatch=Y} in {@code .modinfo} or a
     * {@code .klp.rela} section. Enough for a kernel image (an {@code ET_EXEC} file), which is never searched for
     * {@code klp_patch} structures; a module is read whole ({@link #readIfLivepatch}).
     */
    public static boolean marked(KernelObject module) {
        return module.isLivepatch() || module.sections().stream().anyMatch(s -> s.name().startsWith(".klp.rela."));
    }

    /**
     * The one place that decides what a livepatch is: a module with {@code livepatch=Y} in {@code .modinfo}, a
     * {@code .klp.rela} section or {@code klp_patch} structures; empty for any other module.
     */
    public static Optional<Livepatch> readIfLivepatch(KernelObject module, KernelRules rules) {
        ElfImage image = module.image();
        List<Symbol> symbols = image.symbols();
        // what the kernel's loader and livepatch core do with the file itself: one place owns those rules
        List<PatchProblem> problems = new ArrayList<>(LivepatchLint.check(module, rules));
        CodeIndex functions = CodeIndex.of(image);
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
            boolean rela = s.type() == Section.SHT_RELA;
            boolean targetOk = s.info() > 0 && s.info() < image.sections().size();
            String target = targetOk ? image.section((int) s.info()).name() : "";
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
                if (r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size() || !symbols.get(r.symbolIndex()).isLivepatch()) {
                    continue; // lint reports these (klp-reloc-symbol, klp-sym-marked)
                }
                Optional<Symbol> function = targetOk ? functions.functionAt((int) s.info(), r.offset()) : Optional.empty();
                sitesBySymbol.computeIfAbsent(r.symbolIndex(), k -> new ArrayList<>()).add(new RelocationSite(
                        s.name(), target, r.offset(), r.type(), RelocationTypes.name(machine, r.type()), r.addend(),
                        function.map(Symbol::name).orElse(""), SiteAccesses.of(image, (int) s.info(), r, function)));
            }
        }

        List<KlpReference> references = new ArrayList<>();
        for (Symbol sym : symbols) {
            if (!sym.isLivepatch()) {
                continue;
            }
            Optional<KlpName.SymbolName> n = KlpName.parseSymbol(sym.name());
            if (n.isEmpty()) {
                continue; // lint reports it (klp-sym-format)
            }
            List<RelocationSite> sites = sitesBySymbol.getOrDefault(sym.index(), List.of());
            if (sites.isEmpty()) {
                continue; // never used by a relocation: the kernel never resolves it
            }
            references.add(new KlpReference(n.get().object(), n.get().name(), n.get().sympos(), sym, sites));
        }

        Pointers pointers = new Pointers(image);
        List<PatchedFunction> patched = List.of();
        KlpPatch klpPatch = KlpPatch.NONE;
        Optional<ModuleCode.Place> replaceField = Optional.empty();
        String source = "none found";
        Optional<KlpBuildDecoder.Result> klpBuild = KlpBuildDecoder.decode(pointers);
        Optional<List<PatchedFunction>> kpatch = KpatchFuncsDecoder.decode(pointers);
        if (klpBuild.isPresent()) {
            patched = klpBuild.get().functions();
            source = KlpBuildDecoder.SOURCE;
            klpPatch = new KlpPatch(klpBuild.get().objects(), List.of(),
                    new ReplaceSetting(Optional.of(true), List.of()), List.of());
        } else if (kpatch.isPresent()) {
            patched = kpatch.get();
            source = KpatchFuncsDecoder.SOURCE;
        } else {
            Optional<KlpStructDecoder.Result> structs = new KlpStructDecoder(pointers).decode();
            if (structs.isPresent()) {
                KlpStructDecoder.Result r = structs.get();
                patched = r.functions();
                klpPatch = new KlpPatch(r.objects(), r.states(), new ReplaceSetting(r.replace(), List.of()), List.of());
                replaceField = Optional.of(r.replaceField());
                problems.addAll(r.problems());
                source = KlpStructDecoder.SOURCE;
            }
        }
        ModuleCode code = new ModuleCode(image);
        if (replaceField.isPresent()) {
            klpPatch = klpPatch.withReplace(new ReplaceSetting(klpPatch.replace().initial(),
                    ReplaceStores.find(code, replaceField.get())));
        }
        klpPatch = klpPatch.withShadowUses(ShadowUses.find(code));

        java.util.Set<String> objectNames = new java.util.LinkedHashSet<>();
        klpPatch.objects().forEach(o -> objectNames.add(o.name()));
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
            return Optional.empty();
        }

        return Optional.of(new Livepatch(module, klpSections, references, patched, definedSymbols(module),
                imports(image, symbols, functions), klpPatch, source, problems, rules, legacy));
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

    private static List<Livepatch.Import> imports(ElfImage image, List<Symbol> symbols, CodeIndex functions) {
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
                if (!sym.isUndefined() || sym.name().isEmpty() || machine == Machines.EM_PPC64 && sym.name().equals(".TOC.")) {
                    continue; // ppc64's loader defines .TOC. itself (dedotify makes it SHN_ABS): not an import
                }
                Optional<Symbol> function = targetOk ? functions.functionAt((int) s.info(), r.offset()) : Optional.empty();
                byName.computeIfAbsent(sym.name(), k -> new ArrayList<>()).add(new RelocationSite(s.name(), target, r.offset(),
                        r.type(), RelocationTypes.name(machine, r.type()), r.addend(), function.map(Symbol::name).orElse(""),
                        SiteAccesses.of(image, (int) s.info(), r, function)));
            }
        }
        List<Livepatch.Import> out = new ArrayList<>();
        byName.forEach((n, sites) -> out.add(new Livepatch.Import(n, sites)));
        return out;
    }
}
