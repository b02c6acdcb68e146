package dev.klpscope.livepatch.lint;

import dev.klpscope.livepatch.PatchProblem;
import dev.klpscope.module.KernelObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a livepatch file the way Linux 6.1's module loader ({@code kernel/module/main.c}: {@code elf_validity_check},
 * {@code setup_load_info}, {@code check_modinfo}, {@code apply_relocations}, {@code module_sig_check}), the x86_64
 * relocation code ({@code arch/x86/kernel/module.c}) and the livepatch core ({@code kernel/livepatch/core.c}:
 * {@code klp_apply_section_relocs}, {@code klp_resolve_symbols}) will treat it. The one place that owns these rules;
 * each group lives in its own class. Every problem has its own check id, a level (crash &gt; refused &gt; silent &gt;
 * risk &gt; warn &gt; info) and the kernel's message where it prints one. What {@link dev.klpscope.elf.ElfImage}
 * cannot read at all never gets here: it stops with a {@link dev.klpscope.elf.MalformedInputException}.
 */
public final class LivepatchLint {

    private LivepatchLint() {
    }

    public static List<PatchProblem> check(KernelObject module) {
        LintContext c = new LintContext(module);
        List<PatchProblem> out = new ArrayList<>();
        HeaderLint.check(c, out);
        KlpSectionLint.check(c, out);
        KlpSymbolLint.check(c, out);
        ModinfoLint.check(c, out);
        return out;
    }
}
