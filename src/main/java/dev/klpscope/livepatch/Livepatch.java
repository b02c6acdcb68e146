package dev.klpscope.livepatch;

import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;

import dev.klpscope.livepatch.lint.KernelRules;

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
 * @param replace        {@code klp_patch.replace} (atomic replace), when the structures were decoded
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
        Optional<Boolean> replace,
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

    /** Every object the patch touches: from klp_object structures, klp sections and klp symbols, in order met. */
    public List<String> objects() {
        Set<String> out = new LinkedHashSet<>();
        patched.forEach(f -> out.add(f.object()));
        klpSections.forEach(s -> out.add(s.object()));
        references.forEach(r -> out.add(r.object()));
        return List.copyOf(out);
    }

    public Optional<Symbol> definedSymbol(String name) {
        return defined.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
