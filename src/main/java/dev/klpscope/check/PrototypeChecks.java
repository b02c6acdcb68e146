package dev.klpscope.check;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.types.Prototypes;

import java.util.Optional;

/**
 * {@code func-prototype}: a function the patch replaces or calls, its prototype in BTF in a candidate against the
 * baseline's, types compared with typedefs resolved (a {@code u8} that was an {@code unsigned char} is no change).
 * The patch's code passes and reads arguments as the baseline's prototype says; the kernel compares no types, and a
 * klp relocation carries no CRC. Made only where both builds' BTF can be read and has one prototype of that name;
 * nothing is said otherwise (most functions of a build without BTF, or statics of several units).
 */
final class PrototypeChecks {

    private PrototypeChecks() {
    }

    static Optional<Finding> function(String name, boolean patched, KernelObject baseline, Symbol baselineSymbol,
                                      KernelObject candidate, Symbol bound, TypeSources types) {
        if (!bound.isFunction() || !baselineSymbol.isFunction()) {
            return Optional.empty();
        }
        var b = types.of(baseline).btf();
        var c = types.of(candidate).btf();
        if (b.isEmpty() || c.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<Prototypes.Signature> before = Prototypes.of(b.get(), name);
            Optional<Prototypes.Signature> after = Prototypes.of(c.get(), name);
            if (before.isEmpty() || after.isEmpty() || before.get().canonical().equals(after.get().canonical())) {
                return Optional.empty();
            }
            return Optional.of(new Finding.PrototypeChanged(name, patched, before.get().text(), after.get().text()));
        } catch (MalformedInputException e) {
            return Optional.empty(); // var-layout says what is wrong with this BTF
        }
    }
}
