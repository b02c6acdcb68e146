package dev.klpscope.module;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.util.Optional;

/**
 * A table that the kernel's linker script brackets with {@code __start_NAME} and {@code __stop_NAME} in a linked
 * vmlinux ({@code MCOUNT_REC()}, {@code ERROR_INJECT_WHITELIST()}, {@code KPROBE_BLACKLIST()} in
 * include/asm-generic/vmlinux.lds.h): the addresses {@code [from, to)}.
 */
public record LinkedRange(long from, long to) {

    /** The range of {@code name} ({@code "mcount_loc"}), when both symbols are defined and in order. */
    public static Optional<LinkedRange> of(ElfImage image, String name) {
        Optional<Symbol> start = image.symbols().firstDefined("__start_" + name);
        Optional<Symbol> stop = image.symbols().firstDefined("__stop_" + name);
        if (start.isEmpty() || stop.isEmpty() || stop.get().value() < start.get().value()) {
            return Optional.empty();
        }
        return Optional.of(new LinkedRange(start.get().value(), stop.get().value()));
    }

    /** The allocated section that holds the whole range with bytes in the file (none in a file reduced to symbols). */
    public Optional<Section> section(ElfImage image) {
        for (Section s : image.sections()) {
            if (s.isAlloc() && s.occupiesFile() && s.address() <= from && to <= s.address() + s.size()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public boolean contains(long address) {
        return address >= from && address < to;
    }
}
