package dev.klpscope.livepatch.lint;

import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.lint.PatchProblem.Level;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every {@code SHN_LIVEPATCH} symbol. {@code simplify_symbols} leaves them alone (st_value stays 0) and only
 * {@code klp_resolve_symbols} gives them a value, and only for relocations of klp sections; their name must parse
 * as {@code .klp.sym.%55[^.].%511[^,],%lu} there. An ordinary relocation section that refers to one is applied
 * by the loader against 0.
 */
final class KlpSymbolLint {

    private KlpSymbolLint() {
    }

    static void check(LintContext c, List<PatchProblem> out) {
        Set<Integer> byKlp = new HashSet<>();
        for (Section s : c.klpSections) {
            if (KlpName.parseSection(s.name()).map(n -> !n.objectTruncated()).orElse(false)) {
                for (Relocation r : c.relocations(s)) {
                    byKlp.add(r.symbolIndex());
                }
            }
        }
        Map<Integer, String> byOrdinary = new HashMap<>();
        for (Section s : c.image.sections()) {
            if (s.type() != Section.SHT_RELA || s.hasFlag(Section.SHF_RELA_LIVEPATCH) || s.isDebug()
                    || !c.validSection(s.info()) || !c.image.section((int) s.info()).isAlloc()) {
                continue; // the loader applies allocated targets' ordinary sections only
            }
            for (Relocation r : c.relocations(s)) {
                if (r.symbolIndex() > 0 && r.symbolIndex() < c.symbols.size() && c.symbols.get(r.symbolIndex()).isLivepatch()) {
                    byOrdinary.putIfAbsent(r.symbolIndex(), s.name());
                }
            }
        }
        for (Symbol sym : c.symbols) {
            if (!sym.isLivepatch()) {
                continue;
            }
            String ordinary = byOrdinary.get(sym.index());
            if (ordinary != null) {
                out.add(new PatchProblem("klp-sym-name", Level.CRASH, "'" + sym.name() + "' is SHN_LIVEPATCH and "
                        + ordinary + " (an ordinary relocation section) refers to it: the loader leaves livepatch symbols "
                        + "at 0 (simplify_symbols) and applies that section against address 0, so the code there jumps to "
                        + "or reads near address 0 when it runs", ""));
            }
            Optional<KlpName.SymbolName> n = KlpName.parseSymbol(sym.name());
            if (n.isEmpty()) {
                boolean used = byKlp.contains(sym.index());
                out.add(new PatchProblem("klp-sym-format", used ? Level.REFUSED : Level.WARN,
                        "livepatch symbol '" + sym.name() + "' " + KlpName.explainBadSymbol(sym.name())
                                + (used ? "" : "; no klp relocation uses it, so the kernel never parses it"),
                        used ? "livepatch: symbol " + sym.name() + " has an incorrectly formatted name" : ""));
            }
        }
    }
}
