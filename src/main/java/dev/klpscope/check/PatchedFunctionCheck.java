package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.PatchedFunction;
import dev.klpscope.module.KernelObject;

import java.util.Optional;

/**
 * {@code patched-func-changed}: what a candidate's copy of a replaced function says about the patch (changed since it
 * was built, or already holding the fix). Used for every verdict ({@link Inspector}) and to tell tied baselines apart ({@link Baselines}).
 */
final class PatchedFunctionCheck {

    private PatchedFunctionCheck() {
    }

    /**
     * {@code patched-func-changed}: the replaced function against the patch's new code (already fixed here?),
     * kpatch's recorded {@code old_size}, and the baseline's copy (changed since the patch was built?).
     * Code is compared by meaning, every address replaced by what it reaches ({@link CodeComparison}).
     */
    static Optional<Finding> judge(Livepatch patch, PatchedFunction f, KernelObject baseline, Symbol baseSymbol,
                                   KernelObject candidate, Symbol bound) {
        Optional<Symbol> newFunc = patch.definedSymbol(f.newFunction());
        if (newFunc.isPresent() && CodeComparison.comparable(candidate, bound) && CodeComparison.comparable(patch.module(), newFunc.get())
                && CodeComparison.compare(patch.module(), newFunc.get(), candidate, bound).isEmpty()) {
            return Optional.of(new Finding.AlreadyContainsFix(f.oldName(), f.newFunction()));
        }
        if (f.oldSize().isPresent() && f.oldSize().getAsLong() != bound.size()) {
            return Optional.of(new Finding.PatchedFunctionChanged(f.oldName(), f.oldSize().getAsLong(), bound.size(),
                    "build the patch was made from (kpatch old_size)"));
        }
        if (baseSymbol == null) {
            return Optional.empty();
        }
        return CodeComparison.compare(baseline, baseSymbol, candidate, bound)
                .map(d -> new Finding.PatchedFunctionChanged(f.oldName(), baseSymbol.size(), bound.size(),
                        "baseline (" + baseline.path() + ")", Optional.of(d)));
    }
}
