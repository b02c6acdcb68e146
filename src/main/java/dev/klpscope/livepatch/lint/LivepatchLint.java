package dev.klpscope.livepatch.lint;

import dev.klpscope.module.KernelObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a livepatch file the way the module loader ({@code kernel/module/main.c}: the ELF validity checks,
 * {@code check_modinfo}, {@code apply_relocations}, {@code module_sig_check}), each arch's relocation code
 * ({@code arch/&#42;/kernel/module*.c}) and the livepatch core ({@code kernel/livepatch/core.c}:
 * {@code klp_apply_section_relocs}, {@code klp_resolve_symbols}) of the kernel the patch is built for will treat it:
 * 6.1, 6.12 or 7.3, as {@link KernelRules} chooses from its vermagic. The one place that owns these rules;
 * each group lives in its own class. Every problem has its own check id, a level (crash &gt; refused &gt; silent &gt;
 * risk &gt; warn &gt; info) and the kernel's message where it prints one. What {@link dev.klpscope.elf.ElfImage}
 * cannot read at all never gets here: it stops with a {@link dev.klpscope.elf.MalformedInputException}.
 */
public final class LivepatchLint {

    private LivepatchLint() {
    }

    public static List<PatchProblem> check(KernelObject module) {
        return check(module, KernelRules.of(module));
    }

    public static List<PatchProblem> check(KernelObject module, KernelRules rules) {
        LintContext c = new LintContext(module, rules);
        List<PatchProblem> out = new ArrayList<>();
        HeaderLint.check(c, out);
        KlpSectionLint.check(c, out);
        KlpSymbolLint.check(c, out);
        SymbolSectionLint.check(c, out);
        ModinfoLint.check(c, out);
        return out;
    }
}
