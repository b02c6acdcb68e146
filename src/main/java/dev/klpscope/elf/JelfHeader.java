package dev.klpscope.elf;

import net.fornwall.jelf.ElfFile;

import java.nio.ByteOrder;

/**
 * Reads the ELF file header with jelf, after checking the identification bytes ourselves so the message
 * for a wrong file is ours. jelf is given only the header's bytes: its section and symbol readers are
 * neither bounds-checked nor fast enough for a vmlinux (shared/docs/toolchain.md), so sections, symbols and
 * relocations are read by this package's own readers. jelf's signed {@code short} fields are widened here.
 */
final class JelfHeader {

    private static final int EI_NIDENT = 16;

    private JelfHeader() {
    }

    static ElfHeader read(ByteReader data) {
        String file = data.file();
        if (data.length() < 4 || data.u8(0, "magic") != 0x7f || data.u8(1, "magic") != 'E'
                || data.u8(2, "magic") != 'L' || data.u8(3, "magic") != 'F') {
            throw new MalformedInputException(file, "not an ELF file (no \\x7fELF magic at the start)", 0);
        }
        if (data.length() < EI_NIDENT) {
            throw new MalformedInputException(file, "truncated ELF identification (" + data.length() + " bytes)", 0);
        }
        int elfClass = data.u8(4, "EI_CLASS");
        int encoding = data.u8(5, "EI_DATA");
        // x86_64's elf_check_arch looks at e_machine only: the kernel never reads EI_CLASS or EI_DATA and loads such a
        // file as ELF64 little-endian. Read it the same way (livepatch lint warns: elf-ident).
        boolean forced = false;
        if ((elfClass != 2 || encoding != 1) && data.length() >= 64 && data.u8(0x12, "e_machine") == 62
                && data.u8(0x13, "e_machine") == 0) {
            elfClass = 2;
            encoding = 1;
            forced = true;
        }
        if (elfClass != 1 && elfClass != 2) {
            throw new MalformedInputException(file, "invalid ELF class " + elfClass + " (expected 1 for ELF32 or 2 for ELF64)", 4);
        }
        if (encoding != 1 && encoding != 2) {
            throw new MalformedInputException(file, "invalid ELF data encoding " + encoding + " (expected 1 or 2)", 5);
        }
        boolean is64 = elfClass == 2;
        int headerSize = is64 ? 64 : 52;
        data.require(0, headerSize, "ELF header");

        // jelf sizes arrays from e_phnum/e_shnum as signed shorts (NegativeArraySizeException from 0x8000 on);
        // those counts and e_shstrndx are read here, unsigned, and zeroed in the copy jelf parses.
        ByteReader ordered = ByteReader.of(data.bytes(0, headerSize, "ELF header"),
                encoding == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN, file);
        int countsAt = is64 ? 0x38 : 0x2c; // e_phnum, e_shentsize, e_shnum, e_shstrndx
        int shnum = ordered.u16(countsAt + 4, "e_shnum");
        int shstrndx = ordered.u16(countsAt + 6, "e_shstrndx");
        byte[] header = data.bytes(0, headerSize, "ELF header");
        if (forced) {
            header[4] = 2;
            header[5] = 1;
        }
        java.util.Arrays.fill(header, countsAt, countsAt + 2, (byte) 0);
        java.util.Arrays.fill(header, countsAt + 4, countsAt + 8, (byte) 0);
        ElfFile jelf;
        try {
            jelf = ElfFile.from(header);
        } catch (RuntimeException e) { // jelf throws ElfException and unchecked JDK exceptions alike
            throw new MalformedInputException(file, "invalid ELF header: " + e.getMessage(), 0);
        }
        ByteOrder order = encoding == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        return new ElfHeader(is64, order, Byte.toUnsignedInt(jelf.ei_osabi),
                Short.toUnsignedInt(jelf.e_type), Short.toUnsignedInt(jelf.e_machine),
                Integer.toUnsignedLong(jelf.e_version), Integer.toUnsignedLong(jelf.e_flags), jelf.e_shoff,
                Short.toUnsignedInt(jelf.e_ehsize), Short.toUnsignedInt(jelf.e_shentsize), shnum, shstrndx);
    }
}
