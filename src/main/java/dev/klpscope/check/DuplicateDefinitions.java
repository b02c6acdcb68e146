package dev.klpscope.check;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.PatchedFunction;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ResolutionView;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code dup-definition}: a symbol the patch defines that its target object defines too. A function the patch
 * carries is a harmless copy ({@code info}). A variable splits state only where the patch's code could have meant
 * the target's: a variable of the target ({@code STT_OBJECT}; a function of the same name is another thing) that
 * the patch's own functions use, not a parameter of the patch module ({@code module_param}: its {@code __param}
 * entry points at it), a variable only its init or exit code touches, nor a constant (a read-only section: the
 * {@code __func__} strings of its own functions); and of the target's same-named variables only one the replaced
 * code could reach: a global, or a static of the compilation unit of a replaced
 * function (the {@code STT_FILE} entry that precedes each unit's locals in {@code .symtab}; where the file has
 * none, as in modules stripped of debug symbols, any). The selftest {@code test_klp_atomic_replace} defines the
 * module parameter {@code replace}, and vmlinux a static function {@code replace()} (net/ipv4/fib_trie.c):
 * nothing is split.
 */
final class DuplicateDefinitions {

    /** Statics that klp-build clones on purpose rather than correlating: duplicates of these are by design. */
    private static final Set<String> UNCORRELATED = Set.of("__already_done", "__func__", "__key", "__warned", "_entry",
            "_entry_ptr", "_rs", "descriptor", "CSWTCH");

    /** Sections modpost and objtool give every module its own copy of (6.4+: {@code orc_header}): never shared state. */
    private static final Set<String> PER_MODULE_SECTIONS = Set.of(".orc_header", ".modinfo", "__versions",
            ".gnu.linkonce.this_module");

    /** The samples-style {@code klp_patch}/{@code klp_object}/{@code klp_func} arrays: the patch's own structures. */
    private static final Set<String> STRUCTURES = Set.of("patch", "objs", "funcs");

    private DuplicateDefinitions() {
    }

    static List<Finding> of(Livepatch patch, KernelObject c) {
        List<Finding> out = new ArrayList<>();
        KernelObject lp = patch.module();
        for (Symbol mine : patch.defined()) {
            String name = mine.name();
            if (STRUCTURES.contains(name) || PER_MODULE_SECTIONS.contains(Resolutions.sectionName(lp, mine))
                    || name.startsWith("__pfx_") || name.startsWith("__cfi_")) {
                continue; // __pfx_/__cfi_ (6.2+) label the padding before a function, not a function of their own
            }
            TargetKind kind = IdentityChecks.kindOf(mine);
            if (kind == TargetKind.VARIABLE && (isConstant(lp, mine) || !usedByPatchCode(lp, mine))) {
                continue;
            }
            Optional<Symbol> theirs = c.symbols().named(name, ResolutionView.TARGET_COMING).stream()
                    .filter(s -> !s.isUndefined() && IdentityChecks.kindOf(s) == kind && kind != TargetKind.UNKNOWN)
                    .filter(s -> kind != TargetKind.VARIABLE || reachableFromReplacedCode(patch, c, s))
                    .findFirst();
            if (theirs.isEmpty()) {
                continue;
            }
            String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            String exception = UNCORRELATED.contains(base) ? "a compiler or macro static that klp-build clones on purpose" : "";
            Symbol t = theirs.get();
            String unit = unitOf(c, t).stream().mapToObj(i -> ", in " + c.symbols().all().get(i).name()).findFirst().orElse("");
            out.add(new Finding.DuplicateDefinition(name, kind, String.format("%s %s, %d bytes, %s%s", t.bindingName(),
                    t.typeName(), t.size(), Resolutions.sectionName(c, t), unit), exception));
        }
        return out;
    }

    /** In a read-only section ({@code __func__} strings, {@code const} tables): a copy of a constant holds no state. */
    private static boolean isConstant(KernelObject lp, Symbol variable) {
        return lp.sectionOf(variable).map(s -> s.isAlloc() && !s.isWritable()).orElse(false);
    }

    /**
     * True when a function of the patch other than its module init and exit code refers to the variable, and no
     * {@code __param} entry does (a module parameter is the patch's own setting).
     */
    static boolean usedByPatchCode(KernelObject lp, Symbol variable) {
        ElfImage image = lp.image();
        boolean used = false;
        for (Section rela : image.sections()) {
            if (!rela.isRelocation() || rela.hasFlag(Section.SHF_RELA_LIVEPATCH) || rela.info() <= 0
                    || rela.info() >= image.sections().size()) {
                continue;
            }
            Section target = image.section((int) rela.info());
            for (Relocation r : image.relocations(rela)) {
                if (!refersTo(lp, r, variable, biasedPcRelative(image.header().machine(), r.type()))) {
                    continue;
                }
                if (target.name().equals("__param")) {
                    return false;
                }
                if (target.isExecutable() && !target.name().startsWith(".init") && !target.name().startsWith(".exit")
                        && !isInitOrExit(lp, (int) rela.info(), r.offset())) {
                    used = true;
                }
            }
        }
        return used;
    }

    /**
     * The relocation reaches the variable: by its own symbol, or by its section's symbol and an addend. A
     * PC-relative field is biased by the bytes after it (x86-64: 4, plus an immediate operand of 1, 2 or 4): the
     * first biased address that lands in a variable of that section decides.
     */
    private static boolean refersTo(KernelObject lp, Relocation r, Symbol variable, boolean pcRelative) {
        List<Symbol> symbols = lp.symbols().all();
        if (r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size()) {
            return false;
        }
        Symbol s = symbols.get(r.symbolIndex());
        if (s.index() == variable.index()) {
            return true;
        }
        if (s.type() != Symbol.STT_SECTION || s.sectionIndex() != variable.sectionIndex()) {
            return false;
        }
        for (long bias : pcRelative ? new long[] {4, 5, 6, 8} : new long[] {0}) {
            long at = s.value() + r.addend() + bias;
            Optional<Symbol> hit = lp.symbols().entityAt(variable.sectionIndex(), at);
            if (hit.isPresent()) {
                return hit.get().index() == variable.index();
            }
        }
        long at = s.value() + r.addend() + (pcRelative ? 4 : 0); // a field inside the variable
        return at >= variable.value() && at < variable.value() + Math.max(1, variable.size());
    }

    /** x86-64 PC32, PLT32, GOTPCREL(X), PC64: fields whose addend carries the bias of the bytes after them. */
    private static boolean biasedPcRelative(int machine, int type) {
        return machine == Machines.EM_X86_64 && (type == 2 || type == 4 || type == 9 || type == 24 || type == 41 || type == 42);
    }

    /**
     * A global, or a static in the compilation unit of one of the functions the patch replaces in this object
     * (none replaced: no static of the object is one the patch's code stands in for); true when a unit is unknown
     * (no {@code STT_FILE} before it, or a global replaced function).
     */
    private static boolean reachableFromReplacedCode(Livepatch patch, KernelObject c, Symbol variable) {
        OptionalInt unit = unitOf(c, variable);
        List<PatchedFunction> replaced = patch.patched().stream().filter(f -> f.object().equals(c.name())).toList();
        if (unit.isEmpty()) {
            return true;
        }
        for (PatchedFunction f : replaced) {
            Symbol old = Resolutions.resolve(c, f.oldName(), f.oldSympos()).bound();
            OptionalInt its = old == null ? OptionalInt.empty() : unitOf(c, old);
            if (its.isEmpty() || its.getAsInt() == unit.getAsInt()) {
                return true;
            }
        }
        return false;
    }

    /** The index of the {@code STT_FILE} entry a local symbol follows in {@code .symtab}: its compilation unit. */
    private static OptionalInt unitOf(KernelObject o, Symbol s) {
        if (!s.isLocal()) {
            return OptionalInt.empty();
        }
        List<Symbol> all = o.symbols().all();
        for (int i = Math.min(s.index(), all.size()) - 1; i > 0; i--) {
            if (all.get(i).type() == Symbol.STT_FILE) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** The module's init and exit functions: {@code init_module}/{@code cleanup_module} alias them. */
    private static boolean isInitOrExit(KernelObject lp, int section, long offset) {
        for (String alias : List.of("init_module", "cleanup_module")) {
            Optional<Symbol> a = lp.symbols().anyDefined(alias);
            if (a.isPresent() && a.get().sectionIndex() == section && offset >= a.get().value()
                    && offset < a.get().value() + Math.max(1, a.get().size())) {
                return true;
            }
        }
        return false;
    }
}
