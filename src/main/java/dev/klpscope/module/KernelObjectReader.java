package dev.klpscope.module;

import dev.klpscope.elf.ElfHeader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Section;

import java.nio.file.Path;
import java.util.Optional;

/** Opens a module or vmlinux and builds its {@link KernelObject}. */
public final class KernelObjectReader {

    private KernelObjectReader() {
    }

    /** An ELF module or vmlinux, or a vmlinux's {@code System.map} (by its name or its first line). */
    public static KernelObject read(Path path) {
        if (SystemMapReader.isSystemMap(path)) {
            return SystemMapReader.read(path);
        }
        return read(path, ElfImage.open(path));
    }

    public static KernelObject read(Path path, ElfImage image) {
        String file = image.file();
        ElfHeader h = image.header();
        boolean module = h.type() == ElfHeader.ET_REL;
        if (!module && h.type() != ElfHeader.ET_EXEC && h.type() != ElfHeader.ET_DYN) {
            throw new MalformedInputException(file, "ELF type " + h.typeName() + " is neither a kernel module (REL) nor a vmlinux (EXEC)");
        }
        if (image.symbolTableSection().isEmpty() && image.bzImage().isPresent()) {
            // arch/x86/boot/compressed/Makefile: vmlinux.bin is objcopy -S of vmlinux, its .symtab removed
            throw new MalformedInputException(file, "is a bzImage, whose vmlinux the kernel build strips of its symbol table: "
                    + "give it with --btf-base for its BTF, and the vmlinux with symbols (Debian's -dbg package) or its "
                    + "System.map as the candidate");
        }
        if (image.symbolTableSection().isEmpty()) {
            throw new MalformedInputException(file, module
                    ? "has no symbol table (.symtab): a kernel module always has one; was it stripped with --strip-all?"
                    : "has no symbol table (.symtab): use the vmlinux with symbols (Debian's -dbg package), not a stripped image");
        }
        ModInfo modInfo = image.section(".modinfo").filter(Section::occupiesFile)
                .map(s -> ModInfo.parse(image.data(s).bytes(0, (int) s.size(), ".modinfo")))
                .orElse(ModInfo.EMPTY);
        ObjectKind kind = module ? ObjectKind.MODULE : ObjectKind.VMLINUX;
        SymbolTable symbols = module
                ? SymbolTable.forModule(image.symbols(), image.sections())
                : SymbolTable.forVmlinux(image.symbols(), image.sections());
        String name;
        String nameSource;
        if (!module) {
            name = "vmlinux";
            nameSource = "kernel image";
        } else if (modInfo.name().isPresent()) {
            name = ModuleName.normalize(modInfo.name().get());
            nameSource = ".modinfo name=";
        } else {
            Optional<String> linkonce = thisModuleName(image);
            name = linkonce.map(ModuleName::normalize).orElse(ModuleName.fromFileName(path));
            nameSource = linkonce.isPresent() ? ".gnu.linkonce.this_module" : "file name";
        }
        Versions versions = Versions.read(image, symbols);
        Optional<String> banner = module ? Optional.empty() : stringVariable(image, symbols, "linux_banner");
        Optional<String> vermagic = module ? Optional.empty() : stringVariable(image, symbols, "vermagic");
        return new KernelObject(path.toString(), kind, name, nameSource, modInfo, image.buildId(), symbols, versions, image,
                banner, vermagic);
    }

    /**
     * The kernel release a file names, read as a BTF base rather than as a candidate: a vmlinuz's from its setup
     * header (its vmlinux has no symbol table to find {@code linux_banner} by), else as {@link KernelObject#release}.
     */
    public static Optional<String> release(Path path, ElfImage image) {
        if (image.bzImage().isPresent() && image.symbolTableSection().isEmpty()) {
            return image.bzImage().get().release();
        }
        return read(path, image).release();
    }

    /** linux_banner is about 200 bytes, vermagic about 50: a symbol claiming more is not read past this. */
    private static final long STRING_VARIABLE_LIMIT = 1024;

    /**
     * A string variable of a vmlinux: {@code linux_banner} (init/version.c) and {@code vermagic}
     * (kernel/module/main.c, {@code static const char vermagic[] = VERMAGIC_STRING}). Empty when the symbol is
     * missing or its section has no bytes in this file.
     */
    private static Optional<String> stringVariable(ElfImage image, SymbolTable symbols, String name) {
        return symbols.anyDefined(name).filter(s -> s.isObject() && s.size() > 0 && s.sectionIndex() < image.sections().size())
                .flatMap(s -> {
                    Section sec = image.section(s.sectionIndex());
                    long offset = s.value() - sec.address();
                    var r = image.data(sec);
                    if (!sec.occupiesFile() || offset < 0 || !r.fits(offset, s.size())) {
                        return Optional.empty();
                    }
                    String text = r.cStringOrNull(offset, offset + Math.min(s.size(), STRING_VARIABLE_LIMIT));
                    // vermagic keeps its trailing space (the kernel compares it byte for byte); the banner ends in '\n'
                    return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.replace("\n", ""));
                });
    }

    /** {@code struct module.name} sits after {@code enum module_state state; struct list_head list;} (offset 24 on 64-bit). */
    private static Optional<String> thisModuleName(ElfImage image) {
        return image.section(".gnu.linkonce.this_module").filter(Section::occupiesFile).flatMap(s -> {
            int offset = image.header().is64() ? 24 : 12;
            var r = image.data(s);
            if (!r.fits(offset, 56)) {
                return Optional.empty();
            }
            try {
                String n = r.cString(offset, offset + 56, "struct module name");
                return n.isEmpty() ? Optional.empty() : Optional.of(n);
            } catch (MalformedInputException e) {
                return Optional.empty();
            }
        });
    }
}
