package dev.klpscope.livepatch;

import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.lint.KernelRules;
import dev.klpscope.livepatch.lint.PatchProblem;
import dev.klpscope.module.KernelObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a livepatch module references and what it replaces.
 *
 * @param module         the patch read as a kernel object (modinfo, symbols, sections)
 * @param klpSections    every {@code .klp.rela.*} section
 * @param references     every {@code .klp.sym} target with its relocation sites, in symbol-table order
 * @param patched        every function the patch replaces, per object
 * @param defined        functions and variables the patch defines itself (candidates for duplicate definitions)
 * @param imports        names the patch takes through ordinary (modversions-checked) relocations
 * @param klpPatch       the whole {@code klp_patch}: objects (with or without functions) and their callbacks, states,
 *                       replace and the code that may override it, shadow-variable ids
 * @param problems       what the kernel would reject, and what could not be decoded
 * @param legacyLayouts  older layouts recognised in the file ({@code .klp.arch.*}, {@code .kpatch.dynrelas})
 */
public record Livepatch(
        KernelObject module,
        List<KlpSection> klpSections,
        List<KlpReference> references,
        List<PatchedFunction> patched,
        List<Symbol> defined,
        List<Import> imports,
        KlpPatch klpPatch,
        String functionListSource,
        List<PatchProblem> problems,
        KernelRules lintRules,
        List<String> legacyLayouts) {

    public Livepatch {
        klpSections = List.copyOf(klpSections);
        references = List.copyOf(references);
        patched = List.copyOf(patched);
        defined = List.copyOf(defined);
        imports = List.copyOf(imports);
        problems = List.copyOf(problems);
        legacyLayouts = List.copyOf(legacyLayouts);
    }

    /** An undefined symbol used through ordinary relocations: resolved by export, version-checked by CRC. */
    public record Import(String name, List<RelocationSite> sites) {
        public Import {
            sites = List.copyOf(sites);
        }
    }

    public String path() {
        return module.path();
    }

    public String name() {
        return module.name();
    }

    /** {@code klp_patch.replace} as initialised (atomic replace), when the structures were decoded. */
    public Optional<Boolean> replace() {
        return klpPatch.replace().initial();
    }

    /**
     * Every object the patch touches: its klp_objects (with or without functions), then those named by patched
     * functions, klp sections and klp symbols, in order met.
     */
    public List<String> objects() {
        Set<String> out = new LinkedHashSet<>();
        klpPatch.objects().forEach(o -> out.add(o.name()));
        patched.forEach(f -> out.add(f.object()));
        klpSections.forEach(s -> out.add(s.object()));
        references.forEach(r -> out.add(r.object()));
        return List.copyOf(out);
    }

    public Optional<Symbol> definedSymbol(String name) {
        return defined.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
