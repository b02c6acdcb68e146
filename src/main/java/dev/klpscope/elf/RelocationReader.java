package dev.klpscope.elf;

/** Opens {@code SHT_RELA} and {@code SHT_REL} sections; the entry size comes from the class, not {@code sh_entsize}. */
final class RelocationReader {

    private RelocationReader() {
    }

    static RelocationTable read(ElfImage image, Section section) {
        boolean is64 = image.header().is64();
        boolean rela = section.type() == Section.SHT_RELA;
        if (!rela && section.type() != Section.SHT_REL) {
            throw new MalformedInputException(image.file(), "section " + section.name() + " is not a relocation section");
        }
        boolean mips64el = is64 && image.header().machine() == 8;
        return new RelocationTable(image.data(section), is64, rela, mips64el, section.name());
    }
}
