package dev.klpscope.livepatch.lint;

import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.lint.PatchProblem.Level;

import java.util.List;

/**
 * Every symbol's section index as {@code simplify_symbols} (kernel/module/main.c) reads it, after the module's
 * memory is laid out and before any relocation: {@code SHN_UNDEF}, {@code SHN_ABS}, {@code SHN_COMMON} and
 * {@code SHN_LIVEPATCH} have their own cases; any other index at or past {@code e_shnum} is refused with
 * "%s: Symbol %s has an invalid section index %u (max %u)" and -ENOEXEC. All three modelled loaders have that check
 * (Debian's 6.1.192 and 6.12.95 sources, backported from mainline in 2026, and 7.3.4); 6.1.0-57 printed it for
 * samples/broken/sym-shndx-range.ko. Stable releases before the backport read {@code sechdrs[st_shndx]} past the
 * section table instead.
 */
final class SymbolSectionLint {

    private SymbolSectionLint() {
    }

    static void check(LintContext c, List<PatchProblem> out) {
        int shnum = c.image.sections().size();
        for (Symbol s : c.symbols) {
            int shndx = s.sectionIndex();
            if (s.index() == 0 || shndx < shnum || shndx == Symbol.SHN_ABS || shndx == Symbol.SHN_COMMON
                    || shndx == Symbol.SHN_LIVEPATCH) {
                continue;
            }
            out.add(new PatchProblem("elf-symbols", Level.REFUSED, String.format("symbol %d '%s' is defined in section "
                    + "%d, past the section table (%d sections) and not a special index: simplify_symbols refuses the "
                    + "module (insmod: invalid module format, -ENOEXEC)", s.index(), s.name(), shndx, shnum),
                    String.format("%s: Symbol %s has an invalid section index %d (max %d)", c.moduleName(), s.name(),
                            shndx, shnum - 1)));
            return; // the loader prints a line for each such symbol, and refuses once
        }
    }
}
