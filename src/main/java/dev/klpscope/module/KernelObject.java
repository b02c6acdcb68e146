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
 * @param banner      a vmlinux's {@code linux_banner} ("Linux version 6.1.0-57-amd64 (...) ..."), when its bytes are
 *                    in the file (a reduced symbol-table-only vmlinux has none)
 * @param kernelVermagic a vmlinux's own {@code vermagic[]} string ({@code VERMAGIC_STRING}, which
 *                    {@code check_modinfo()} compares every module's {@code vermagic=} with), when its bytes are in the file
 * @param source      where the symbols come from: the ELF file, or a vmlinux's System.map ({@link SymbolSource})
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
        ElfImage image,
        Optional<String> banner,
        Optional<String> kernelVermagic,
        SymbolSource source) {

    /** An ELF file: its own symbol table. */
    public KernelObject(String path, ObjectKind kind, String name, String nameSource, ModInfo modInfo,
                        Optional<String> buildId, SymbolTable symbols, Versions versions, ElfImage image,
                        Optional<String> banner, Optional<String> kernelVermagic) {
        this(path, kind, name, nameSource, modInfo, buildId, symbols, versions, image, banner, kernelVermagic,
                SymbolSource.ELF);
    }

    /** True when only a System.map stands for this vmlinux: what needs its ELF file is not judged. */
    public boolean symbolsOnly() {
        return !source.notJudged().isEmpty();
    }

    /** The same object reported under another name: a copy extracted from a package is reported as {@code PKG:MEMBER}. */
    public KernelObject reportedAs(String where) {
        return new KernelObject(where, kind, name, nameSource, modInfo, buildId, symbols, versions, image, banner,
                kernelVermagic, source.reportedAs(where));
    }

    public List<Section> sections() {
        return image.sections();
    }

    /** A module's {@code vermagic=}; a vmlinux's own {@code vermagic[]} when the file has its bytes. */
    public Optional<String> vermagic() {
        return modInfo.vermagic().or(() -> kernelVermagic);
    }

    /**
     * The kernel release this object belongs to: a vmlinux's from its banner ({@code Linux version <release> ...}),
     * else the first word of {@code vermagic}, else what a System.map's file name or build folder says.
     */
    public Optional<String> release() {
        Optional<String> fromBanner = banner.filter(b -> b.startsWith(BANNER))
                .map(b -> b.substring(BANNER.length()).split(" ", 2)[0]).filter(r -> !r.isEmpty());
        return fromBanner.or(() -> vermagic().map(v -> v.split(" ", 2)[0]).filter(r -> !r.isEmpty()))
                .or(source::release);
    }

    private static final String BANNER = "Linux version ";

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
