package dev.klpscope.module.types.dwarf;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfHeader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The {@code .debug_*} sections the DWARF reader uses, as it must read them: in a relocatable object ({@code ET_REL}:
 * a kernel module, an unstripped livepatch) a reference to another debug section ({@code DW_FORM_strp},
 * {@code DW_AT_str_offsets_base}), an address ({@code DW_OP_addr}) or an aranges entry is 0 plus a relocation in
 * {@code .rela.debug_*}, which is applied here to a copy (x86-64: {@code R_X86_64_64} and {@code R_X86_64_32} against
 * section and other symbols, as the kernel's {@code apply_relocate_add()} would, arch/x86/kernel/module.c). A linked
 * vmlinux keeps its {@code .rela.*} ({@code --emit-relocs}) but its debug sections are already relocated. A section
 * with {@code SHF_COMPRESSED} (zlib, {@code Elf64_Chdr}) is inflated within its declared size.
 */
final class DebugSections {

    static final long SHF_COMPRESSED = 0x800;
    static final int ELFCOMPRESS_ZLIB = 1;
    static final int EM_X86_64 = 62;
    static final int R_X86_64_NONE = 0, R_X86_64_64 = 1, R_X86_64_32 = 10, R_X86_64_32S = 11;
    /** A debug section inflated past this is refused: the largest real one (vmlinux's .debug_info) is about 175 MB. */
    static final long INFLATED_LIMIT = 1L << 30;

    private final ElfImage image;

    DebugSections(ElfImage image) {
        this.image = image;
    }

    boolean has(String name) {
        return image.section(name).isPresent();
    }

    /** Whether relocations must be applied for this object to be read, and can be. */
    static boolean relocatable(ElfImage image) {
        return image.header().type() == ElfHeader.ET_REL;
    }

    /** {@code name} as the DWARF reader must see it: inflated, relocated; empty when the object has none. */
    Optional<ByteReader> read(String name) {
        Optional<Section> found = image.section(name);
        if (found.isEmpty() || found.get().type() == Section.SHT_NOBITS) {
            return Optional.empty();
        }
        Section section = found.get();
        ByteReader data = image.data(section);
        Optional<Section> rela = relocatable(image) ? relocationsFor(section) : Optional.empty();
        if (!section.hasFlag(SHF_COMPRESSED) && rela.isEmpty()) {
            return Optional.of(data);
        }
        byte[] bytes = section.hasFlag(SHF_COMPRESSED) ? inflate(section, data)
                : data.bytes(0, checkedSize(data.length(), section), section.name());
        if (rela.isPresent()) {
            apply(rela.get(), section, bytes);
        }
        return Optional.of(ByteReader.copyOf(bytes, data.order(), image.file(), section.hasFlag(SHF_COMPRESSED) ? 0 : section.offset()));
    }

    private int checkedSize(long size, Section section) {
        if (size > Integer.MAX_VALUE - 16) {
            throw new MalformedInputException(image.file(), section.name() + " is too large to relocate (" + size + " bytes)", section.offset());
        }
        return (int) size;
    }

    private Optional<Section> relocationsFor(Section target) {
        for (Section s : image.sections()) {
            if (s.type() == Section.SHT_RELA && s.info() == target.index()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private void apply(Section rela, Section target, byte[] bytes) {
        if (image.header().machine() != EM_X86_64) {
            throw new MalformedInputException(image.file(), "DWARF in a relocatable object of machine "
                    + image.header().machineName() + ": its " + rela.name() + " cannot be applied (x86-64 only)");
        }
        List<Symbol> symbols = image.symbols(image.section(rela.link()));
        boolean little = image.header().order() == java.nio.ByteOrder.LITTLE_ENDIAN;
        for (Relocation r : image.relocations(rela)) {
            int width = switch (r.type()) {
                case R_X86_64_NONE -> 0;
                case R_X86_64_64 -> 8;
                case R_X86_64_32, R_X86_64_32S -> 4;
                default -> throw new MalformedInputException(image.file(), rela.name() + ": relocation type "
                        + image.relocationTypeName(r.type()) + " in a debug section", rela.offset());
            };
            if (width == 0) {
                continue;
            }
            if (r.symbolIndex() < 0 || r.symbolIndex() >= symbols.size()) {
                throw new MalformedInputException(image.file(), rela.name() + ": relocation names symbol " + r.symbolIndex()
                        + " of " + symbols.size(), rela.offset());
            }
            if (r.offset() < 0 || r.offset() > bytes.length - width) {
                throw new MalformedInputException(image.file(), String.format("%s: relocation at 0x%x is past the end of %s",
                        rela.name(), r.offset(), target.name()), rela.offset());
            }
            long value = symbols.get(r.symbolIndex()).value() + r.addend();
            for (int i = 0; i < width; i++) {
                int shift = little ? 8 * i : 8 * (width - 1 - i);
                bytes[(int) r.offset() + i] = (byte) (value >>> shift);
            }
        }
    }

    /** {@code Elf64_Chdr}/{@code Elf32_Chdr} then zlib data, inflated to exactly {@code ch_size} bytes. */
    private byte[] inflate(Section section, ByteReader data) {
        boolean is64 = image.header().is64();
        long type = data.u32(0, section.name() + " compression header");
        long size = is64 ? data.u64(8, section.name() + " compression header") : data.u32(4, section.name() + " compression header");
        int header = is64 ? 24 : 12;
        if (type != ELFCOMPRESS_ZLIB) {
            throw new MalformedInputException(image.file(), section.name() + ": compression type " + type + " (only zlib is read)", section.offset());
        }
        if (size < 0 || size > INFLATED_LIMIT) {
            throw new MalformedInputException(image.file(), section.name() + ": inflates to " + Long.toUnsignedString(size)
                    + " bytes, more than " + (INFLATED_LIMIT >> 20) + " MiB", section.offset());
        }
        data.require(header, 0, section.name() + " compressed data");
        byte[] in = data.bytes(header, checkedSize(data.length() - header, section), section.name() + " compressed data");
        byte[] out = new byte[(int) size];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(in);
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != out.length) {
                throw new MalformedInputException(image.file(), section.name() + ": inflates to " + n + " bytes, its header says "
                        + size, section.offset());
            }
        } catch (DataFormatException e) {
            throw new MalformedInputException(image.file(), section.name() + ": bad zlib data: " + e.getMessage(), section.offset());
        } finally {
            inflater.end();
        }
        return out;
    }
}
