package dev.klpscope.module;

import dev.klpscope.elf.ElfHeader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The bytes of a variable (or any symbol) with every relocated field zeroed, so that two builds of the same
 * data compare equal although their addresses differ. Relocation fields are masked with the width the
 * relocation writes (8 bytes for absolute 64-bit types, 4 otherwise), which is enough for comparison.
 * Code is compared by meaning instead ({@link dev.klpscope.module.code.FunctionCode}).
 */
public final class SymbolBytes {

    private SymbolBytes() {
    }

    /** A digest of the masked bytes, or empty when the bytes are not in the file (NOBITS, no size, vmlinux without text). */
    public static Optional<String> maskedDigest(KernelObject object, Symbol symbol) {
        return masked(object, symbol).map(SymbolBytes::sha256);
    }

    public static Optional<byte[]> masked(KernelObject object, Symbol symbol) {
        ElfImage image = object.image();
        Optional<Section> section = object.sectionOf(symbol);
        if (section.isEmpty() || !section.get().occupiesFile() || symbol.size() <= 0 || symbol.size() > (1 << 24)) {
            return Optional.empty();
        }
        Section sec = section.get();
        long start = image.header().type() == ElfHeader.ET_REL ? symbol.value() : symbol.value() - sec.address();
        if (start < 0 || start + symbol.size() > sec.size()) {
            return Optional.empty();
        }
        byte[] bytes = image.data(sec).bytes(start, (int) symbol.size(), "bytes of " + symbol.name());
        if (image.header().type() == ElfHeader.ET_REL) {
            for (Section rel : relocationsFor(image, sec.index())) {
                for (Relocation r : image.relocations(rel)) {
                    long at = r.offset() - start;
                    if (at >= 0 && at < bytes.length) {
                        int width = isAbsolute64(image.header().machine(), r.type()) ? 8 : 4;
                        Arrays.fill(bytes, (int) at, (int) Math.min(bytes.length, at + width), (byte) 0);
                    }
                }
            }
        }
        return Optional.of(bytes);
    }

    private static List<Section> relocationsFor(ElfImage image, int target) {
        return image.sections().stream()
                .filter(s -> s.isRelocation() && s.info() == target && !s.isDebug())
                .toList();
    }

    private static boolean isAbsolute64(int machine, int type) {
        return switch (machine) {
            case 62 -> type == 1 || type == 24; // R_X86_64_64, R_X86_64_PC64
            case 183 -> type == 257 || type == 260;
            case 21 -> type == 38 || type == 44;
            case 22 -> type == 22 || type == 23;
            default -> false;
        };
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
