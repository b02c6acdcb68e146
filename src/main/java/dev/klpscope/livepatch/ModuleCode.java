package dev.klpscope.livepatch;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.code.CodeIndex;
import dev.klpscope.module.code.PlacedInstruction;
import dev.klpscope.module.code.X86Decoder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The code of an unlinked module as the analyses of the patch's own code see it: the ordinary relocations applied
 * to executable sections, the function around an offset, and (on x86-64) each function's instructions, decoded once.
 */
final class ModuleCode {

    /** An ordinary relocation applied to code: {@code section} is the patched section, {@code symbol} the target. */
    record CodeRelocation(int section, Relocation relocation, Symbol symbol) {
    }

    /** A place in a section of this module. */
    record Place(int section, long offset) {
    }

    private final ElfImage image;
    private final List<Symbol> symbols;
    private final List<CodeRelocation> relocations = new ArrayList<>();
    private final CodeIndex index;
    private final Map<Symbol, Optional<List<PlacedInstruction>>> decoded = new HashMap<>();

    ModuleCode(ElfImage image) {
        this.image = image;
        this.symbols = image.symbols();
        this.index = CodeIndex.of(image);
        for (Section s : image.sections()) {
            if (s.type() != Section.SHT_RELA || s.hasFlag(Section.SHF_RELA_LIVEPATCH) || s.isDebug()
                    || s.info() <= 0 || s.info() >= image.sections().size()) {
                continue;
            }
            int target = (int) s.info();
            if (!image.section(target).isExecutable()) {
                continue;
            }
            for (Relocation r : image.relocations(s)) {
                if (r.symbolIndex() > 0 && r.symbolIndex() < symbols.size()) {
                    relocations.add(new CodeRelocation(target, r, symbols.get(r.symbolIndex())));
                }
            }
        }
    }

    /** Whether instructions can be decoded here (x86-64 only). */
    boolean decodable() {
        return image.header().machine() == Machines.EM_X86_64;
    }

    String machineName() {
        return image.header().machineName();
    }

    List<CodeRelocation> relocations() {
        return relocations;
    }

    List<Symbol> symbols() {
        return symbols;
    }

    Section section(int index) {
        return image.section(index);
    }

    /** The relocation whose field starts at {@code offset} of a code section (livepatch relocations included). */
    Optional<Relocation> relocationAt(int section, long offset) {
        return index.relocationAt(section, offset);
    }

    /** The function symbol covering an offset of a section. */
    Optional<Symbol> function(int section, long offset) {
        return index.functionAt(section, offset);
    }

    /** The function's instructions from its entry, or empty when not x86-64 or not decodable to its end. */
    Optional<List<PlacedInstruction>> instructions(Symbol function) {
        return decoded.computeIfAbsent(function, f -> {
            if (!decodable() || f.sectionIndex() >= image.sections().size()) {
                return Optional.empty();
            }
            Section sec = image.section(f.sectionIndex());
            if (!sec.occupiesFile() || f.value() < 0 || f.size() <= 0 || f.size() > (1 << 24)
                    || f.value() + f.size() > sec.size()) {
                return Optional.empty();
            }
            return X86Decoder.decodeAll(image.data(sec).bytes(f.value(), (int) f.size(), "code of " + f.name()), f.value());
        });
    }

    /** Where a relocation's symbol and addend point, as (section, offset), when the symbol is defined here. */
    Optional<Place> definedTarget(Symbol s, long addend) {
        int shndx = s.sectionIndex();
        if (shndx == Symbol.SHN_UNDEF || shndx >= Symbol.SHN_LORESERVE || shndx >= image.sections().size()) {
            return Optional.empty();
        }
        return Optional.of(new Place(shndx, s.value() + addend));
    }

    /** A named data object covering (section, offset): what a load reads. */
    Optional<Symbol> objectCovering(int section, long offset) {
        return symbols.stream().filter(s -> s.isObject() && s.sectionIndex() == section && offset >= s.value()
                && offset < s.value() + Math.max(s.size(), 1)).findFirst();
    }
}
