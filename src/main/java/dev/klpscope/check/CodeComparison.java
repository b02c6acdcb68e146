package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.code.FunctionCode;

import java.util.Optional;

/**
 * Two functions compared by meaning: their instructions with every address replaced by what it reaches
 * ({@link FunctionCode}). What the Inspector uses for {@code patched-func-changed} and {@code sympos-identity}.
 */
public final class CodeComparison {

    private CodeComparison() {
    }

    /**
     * Whether the symbol is code whose bytes are in the file: not a variable, in an executable section, not
     * NOBITS (symtab-only vmlinux), not of size 0.
     */
    public static boolean comparable(KernelObject o, Symbol f) {
        return !f.isObject() && o.sectionOf(f).filter(s -> s.isExecutable() && s.occupiesFile()).isPresent() && f.size() > 0;
    }

    /** Empty when equal by meaning; else where they first differ (sizes only when either has no code in the file). */
    public static Optional<CodeDifference> compare(KernelObject a, Symbol fa, KernelObject b, Symbol fb) {
        Optional<FunctionCode> ca = comparable(a, fa) ? FunctionCode.of(a, fa) : Optional.empty();
        Optional<FunctionCode> cb = comparable(b, fb) ? FunctionCode.of(b, fb) : Optional.empty();
        if (ca.isEmpty() || cb.isEmpty()) {
            return fa.size() == fb.size() ? Optional.empty() : Optional.of(CodeDifference.sizes(fa.size(), fb.size()));
        }
        return ca.get().firstDifference(cb.get()).map(d -> new CodeDifference(fa.size(), fb.size(), d.offsetA(), d.offsetB(),
                d.bytesA(), d.bytesB(), d.referenceA(), d.referenceB()));
    }
}
