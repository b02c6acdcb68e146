package dev.klpscope.check;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.types.Prototypes;

import java.util.Optional;

/**
 * {@code func-prototype}: a function the patch replaces or calls, its prototype in a candidate against the baseline's,
 * types compared with typedefs resolved (a {@code u8} that was an {@code unsigned char} is no change). The patch's
 * code passes and reads arguments as the baseline's prototype says; the kernel compares no types, and a klp
 * relocation carries no CRC. Each build's prototype comes from its BTF ({@code FUNC}), else from its DWARF (the
 * subprogram at the symbol's address: its own {@code .debug_info} or a paired debug file); pahole leaves out of BTF
 * the functions whose prototype differs between units. Made only where both builds have one; nothing is said
 * otherwise (a build with neither, or statics of several units BTF cannot tell apart and DWARF does not have).
 * A replaced function whose prototype only gained parameters at the end is {@code risk}: the replacement finds its own
 * arguments where it did and ignores the new ones (what this build does with them is undone); any other change makes
 * it read this build's arguments, or return its value, as another type: {@code silent}, as the sample proto recorded
 * on 6.12 shows (samples/README.md "proto").
 */
final class PrototypeChecks {

    private PrototypeChecks() {
    }

    static Optional<Finding> function(String name, boolean patched, KernelObject baseline, Symbol baselineSymbol,
                                      KernelObject candidate, Symbol bound, TypeSources types) {
        if (!bound.isFunction() || !baselineSymbol.isFunction()) {
            return Optional.empty();
        }
        Optional<Prototypes.Signature> before = signature(baseline, baselineSymbol, name, types);
        Optional<Prototypes.Signature> after = before.isEmpty() ? Optional.empty() : signature(candidate, bound, name, types);
        if (before.isEmpty() || after.isEmpty() || before.get().canonical().equals(after.get().canonical())) {
            return Optional.empty();
        }
        return Optional.of(new Finding.PrototypeChanged(name, patched, before.get().text(), after.get().text(),
                before.get().extendedBy(after.get())));
    }

    private static Optional<Prototypes.Signature> signature(KernelObject o, Symbol symbol, String name, TypeSources types) {
        try {
            Optional<Prototypes.Signature> btf = types.of(o).btf().flatMap(b -> Prototypes.of(b, name));
            if (btf.isPresent()) {
                return btf;
            }
            return types.function(o, symbol, name).flatMap(t -> Prototypes.ofFunction(t.graph(), t.type()));
        } catch (MalformedInputException e) {
            return Optional.empty(); // var-layout says what is wrong with these types
        }
    }
}
