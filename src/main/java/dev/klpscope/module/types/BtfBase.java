package dev.klpscope.module.types;

import java.util.Optional;

/**
 * Base BTF for modules' split {@code .BTF} that is not a candidate: {@code --btf-base}, a raw BTF file given or
 * dropped as a candidate, or the vmlinux of a release found in a package or tree whose patch does not patch vmlinux.
 * A module's split BTF is only meaningful on the BTF of the vmlinux of its own build (its type ids and string offsets
 * continue vmlinux's, kernel/bpf/btf.c {@code btf_parse_module}), so the release travels with it.
 *
 * @param btf     the base, read
 * @param release the kernel release it is of, when its file says (a vmlinux's {@code linux_banner}); a raw BTF file
 *                says none
 * @param described as reports name it, with how it was given: "FILE (--btf-base)", "FILE (raw BTF given as a
 *                  candidate)", "PACKAGE:MEMBER (vmlinux found for its release)"
 */
public record BtfBase(Btf btf, Optional<String> release, String described) {

    /** {@code --btf-base FILE} of no known release (tests, a raw file). */
    public static BtfBase given(Btf btf) {
        return new BtfBase(btf, Optional.empty(), btf.file() + " (--btf-base)");
    }
}
