package dev.klpscope.livepatch.lint;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;

import java.util.ArrayList;
import java.util.List;

/** What the lint groups share: the file, its symbol table, and the sections the kernel treats as klp sections. */
final class LintContext {

    final KernelObject module;
    final ElfImage image;
    final List<Symbol> symbols;
    final int machine;
    /** The loader whose rules apply, from the patch's vermagic. */
    final KernelRules kernel;
    /** Sections with {@code SHF_RELA_LIVEPATCH}: the only ones livepatch applies ({@code klp_apply_object_relocs}). */
    final List<Section> klpSections = new ArrayList<>();

    LintContext(KernelObject module, KernelRules kernel) {
        this.module = module;
        this.image = module.image();
        this.symbols = image.symbols();
        this.machine = image.header().machine();
        this.kernel = kernel;
        for (Section s : image.sections()) {
            if (s.hasFlag(Section.SHF_RELA_LIVEPATCH)) {
                klpSections.add(s);
            }
        }
    }

    String moduleName() {
        return module.name();
    }

    boolean validSection(long index) {
        return index > 0 && index < image.sections().size();
    }

    /** Relocations of a klp section as the kernel reads them: {@code sh_size / sizeof(Elf_Rela)} entries. */
    List<Relocation> relocations(Section s) {
        return s.type() == Section.SHT_RELA || s.type() == Section.SHT_REL ? image.relocations(s) : List.of();
    }

    /**
     * Whether reading at this file offset faults in the kernel: it works on a vmalloc'd copy of the file, so a read
     * past the copy's last page does, and one inside it reads other bytes of the file.
     */
    boolean readFaults(long fileOffset) {
        long copy = (image.elfSize() + 4095) & ~4095L;
        return Long.compareUnsigned(fileOffset, copy) >= 0;
    }
}
