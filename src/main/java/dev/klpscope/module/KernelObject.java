package dev.klpscope.module;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.util.List;
import java.util.Optional;

/**
 * A kernel object on disk, module or vmlinux, with what the kernel's loader and livepatch core look at:
 * its runtime name, {@code .modinfo}, build id, sections, symbols in kernel counting order and versions.
 *
 * @param path        the path as the user gave it
 * @param name        the runtime name ({@code .modinfo name=}, dash as underscore; {@code vmlinux} for the kernel)
 * @param nameSource  where the name came from (for messages when it had to be guessed)
 */
public record KernelObject(
        String path,
        ObjectKind kind,
        String name,
        String nameSource,
        ModInfo modInfo,
        Optional<String> buildId,
        SymbolTable symbols,
        Versions versions,
        ElfImage image) {

    public List<Section> sections() {
        return image.sections();
    }

    public Optional<String> vermagic() {
        return modInfo.vermagic();
    }

    public Optional<String> srcversion() {
        return modInfo.srcversion();
    }

    public boolean isLivepatch() {
        return modInfo.isLivepatch();
    }

    /** The section a symbol is defined in, if it is a real section. */
    public Optional<Section> sectionOf(Symbol symbol) {
        int i = symbol.sectionIndex();
        if (i == Symbol.SHN_UNDEF || i >= Symbol.SHN_LORESERVE || i >= image.sections().size()) {
            return Optional.empty();
        }
        return Optional.of(image.section(i));
    }
}
