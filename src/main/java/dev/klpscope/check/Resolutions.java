package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.Resolution;
import dev.klpscope.module.ResolutionView;

import java.util.ArrayList;
import java.util.List;

/**
 * Resolves one name in one candidate in both load orders and turns the outcome into findings in the kernel's
 * words (check {@code symbol-present}, {@code sympos-resolves}, {@code sympos-load-order}).
 */
final class Resolutions {

    /** The outcome in both views; {@code bound} is the symbol the kernel uses when the target is loaded first, else when it loads after. */
    record Outcome(Resolution loaded, Resolution coming, List<Finding> findings, Symbol bound) {
        boolean resolvesBoth() {
            return loaded.resolves() && coming.resolves();
        }
    }

    private Resolutions() {
    }

    static Outcome resolve(KernelObject candidate, String name, long sympos) {
        Resolution loaded = candidate.symbols().resolve(name, sympos, ResolutionView.TARGET_LOADED);
        Resolution coming = candidate.symbols().resolve(name, sympos, ResolutionView.TARGET_COMING);
        List<Finding> findings = new ArrayList<>();
        boolean vmlinux = candidate.kind() == dev.klpscope.module.ObjectKind.VMLINUX;
        if (sameOutcome(loaded, coming) || vmlinux) {
            addOutcome(findings, candidate, name, sympos, loaded, LoadOrder.ANY);
        } else {
            addOutcome(findings, candidate, name, sympos, loaded, LoadOrder.TARGET_FIRST);
            addOutcome(findings, candidate, name, sympos, coming, LoadOrder.PATCH_FIRST);
            if (loaded instanceof Resolution.Found a && coming instanceof Resolution.Found b) {
                findings.add(new Finding.LoadOrderDependent(name, describe(candidate, a.symbol()), describe(candidate, b.symbol())));
            }
        }
        Symbol bound = loaded instanceof Resolution.Found f ? f.symbol()
                : coming instanceof Resolution.Found g ? g.symbol() : null;
        return new Outcome(loaded, coming, findings, bound);
    }

    private static boolean sameOutcome(Resolution a, Resolution b) {
        if (a instanceof Resolution.Found fa && b instanceof Resolution.Found fb) {
            return fa.symbol().index() == fb.symbol().index() && fa.count() == fb.count();
        }
        return a.getClass() == b.getClass() && a.count() == b.count();
    }

    private static void addOutcome(List<Finding> out, KernelObject candidate, String name, long sympos, Resolution r,
                                   LoadOrder when) {
        String object = candidate.name();
        String kernelLine = r.kernelMessage(name, object);
        if (r instanceof Resolution.Found f) {
            Symbol s = f.symbol();
            out.add(new Finding.Resolves(name, object, f.position(), f.count(), s.typeName(), sizeOf(candidate, s),
                    sectionName(candidate, s), "", when));
        } else if (r instanceof Resolution.NotFound) {
            out.add(new Finding.SymbolMissing(name, object, candidate.symbols().nearMisses(name), when, kernelLine));
        } else if (r instanceof Resolution.Ambiguous a) {
            out.add(new Finding.Ambiguous(name, object, a.count(), when, kernelLine));
        } else if (r instanceof Resolution.PositionNotFound p) {
            out.add(new Finding.PositionNotFound(name, object, sympos, p.count(), when, kernelLine));
        }
    }

    /** The symbol's size, or -1 when the object does not say (a System.map). */
    static long sizeOf(KernelObject o, Symbol s) {
        return o.symbolsOnly() ? -1 : s.size();
    }

    static String sectionName(KernelObject o, Symbol s) {
        return o.sectionOf(s).map(dev.klpscope.elf.Section::name).or(() -> o.source().placeOf(s)).orElse(s.sectionIndexName());
    }

    static String describe(KernelObject o, Symbol s) {
        return String.format("%s %s (%d bytes, %s, symbol #%d)", s.typeName(), s.name(), s.size(), sectionName(o, s), s.index());
    }
}
