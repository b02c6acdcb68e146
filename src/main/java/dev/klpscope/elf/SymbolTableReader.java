package dev.klpscope.elf;

import java.util.List;

/**
 * Opens a symbol table in file order ({@link Symbols}: entries decoded when asked for). Names come from the string table the symbol table's
 * {@code sh_link} names (not by searching all sections, which is what makes jelf slow on big objects).
 * The entry size used is the structure's size for the ELF class, whatever {@code sh_entsize} says: the
 * kernel never reads {@code sh_entsize} of a symbol table either.
 */
final class SymbolTableReader {

    private SymbolTableReader() {
    }

    static Symbols read(ElfImage image, Section symtab) {
        boolean is64 = image.header().is64();
        String file = image.file();
        List<Section> sections = image.sections();
        if (symtab.link() <= 0 || symtab.link() >= sections.size()) {
            throw new MalformedInputException(file, String.format("symbol table %s links to string table %d, which does not exist"
                    + SectionTableReader.KERNEL, symtab.name(), symtab.link()));
        }
        Section strtab = sections.get(symtab.link());
        if (strtab.type() == Section.SHT_NOBITS) {
            throw new MalformedInputException(file, String.format("symbol table %s links to section %d (%s), which has no contents",
                    symtab.name(), strtab.index(), strtab.name()));
        }
        // any other type is read as bytes, as the kernel does (7.3 checks it: livepatch lint, elf-strtab)
        return new Symbols.Decoded(image.data(symtab), image.data(strtab), extendedIndices(image, symtab), image.reader(),
                strtab.offset(), is64);
    }

    private static ByteReader extendedIndices(ElfImage image, Section symtab) {
        for (Section s : image.sections()) {
            if (s.type() == Section.SHT_SYMTAB_SHNDX && s.link() == symtab.index()) {
                return image.data(s);
            }
        }
        return null;
    }
}
