package dev.klpscope.livepatch;

import java.util.OptionalLong;

/**
 * An instruction of the patch's own code that writes {@code klp_patch.replace} (found through the relocation of its
 * memory operand): the static initializer is then only the default, as in the kernel's selftest
 * {@code test_klp_atomic_replace.c} ({@code patch.replace = replace;} from a module parameter).
 *
 * @param function        the function holding the store (usually the module's init)
 * @param constant        the value stored, when it is an immediate
 * @param readFrom        the data symbol the stored value was last read from in that function, or empty
 * @param moduleParameter whether {@code readFrom} is a module parameter (the module has {@code __param_<name>})
 */
public record ReplaceStore(String function, String section, long offset, OptionalLong constant, String readFrom,
                           boolean moduleParameter) {

    public String describe() {
        String what = constant.isPresent() ? "stores " + constant.getAsLong()
                : moduleParameter ? "stores a value read from module parameter '" + readFrom + "'"
                : !readFrom.isEmpty() ? "stores a value read from '" + readFrom + "'"
                : "stores a computed value";
        return function + " (" + section + "+0x" + Long.toHexString(offset) + ") " + what;
    }
}
