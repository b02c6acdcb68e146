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
 * The bytes of a function or variable with every relocated field zeroed, so that two builds of the same
 * code compare equal although their addresses differ. Relocation fields are masked with the width the
 * relocation writes (8 bytes for absolute 64-bit types, 4 otherwise), which is enough for comparison.
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

    /**
     * A digest of the code with every address replaced by the name it refers to: relocated fields by their
     * symbol's name ({@code .klp.sym.obj.name,pos} as {@code name}, section symbols by the function at the
     * offset), and on x86-64 direct {@code call}/{@code jmp rel32} to a function in the same section by that
     * function's name. Two builds of the same source then compare equal although one reaches {@code c} through a
     * klp relocation and the other through a resolved call.
     */
    public static Optional<String> normalizedDigest(KernelObject object, Symbol symbol) {
        Optional<byte[]> masked = masked(object, symbol);
        if (masked.isEmpty()) {
            return Optional.empty();
        }
        ElfImage image = object.image();
        byte[] bytes = masked.get();
        java.util.TreeMap<Long, String> names = new java.util.TreeMap<>();
        Section sec = object.sectionOf(symbol).orElseThrow();
        long start = image.header().type() == ElfHeader.ET_REL ? symbol.value() : symbol.value() - sec.address();
        List<Symbol> symbols = image.symbols();
        boolean x86 = image.header().machine() == 62;
        if (image.header().type() == ElfHeader.ET_REL) {
            for (Section rel : relocationsFor(image, sec.index())) {
                for (Relocation r : image.relocations(rel)) {
                    long at = r.offset() - start;
                    if (at >= 0 && at < bytes.length && r.symbolIndex() > 0 && r.symbolIndex() < symbols.size()) {
                        Symbol target = symbols.get(r.symbolIndex());
                        long pcBias = x86 && (r.type() == 2 || r.type() == 4) ? 4 : 0;
                        names.put(at, referenceName(object.symbols(), target, r.addend() + pcBias));
                    }
                }
            }
        }
        if (x86) {
            for (int i = 0; i + 5 <= bytes.length; i++) {
                int op = bytes[i] & 0xff;
                if ((op != 0xe8 && op != 0xe9) || names.containsKey((long) i + 1)) {
                    continue;
                }
                int rel = (bytes[i + 1] & 0xff) | (bytes[i + 2] & 0xff) << 8 | (bytes[i + 3] & 0xff) << 16 | bytes[i + 4] << 24;
                long dest = start + i + 5 + rel;
                Optional<Symbol> f = object.symbols().entityAt(sec.index(), dest);
                if (f.isPresent()) {
                    Arrays.fill(bytes, i + 1, i + 5, (byte) 0);
                    names.put((long) i + 1, f.get().name());
                }
            }
        }
        StringBuilder tokens = new StringBuilder(sha256(bytes));
        names.forEach((at, n) -> tokens.append('|').append(at).append('=').append(n));
        return Optional.of(sha256(tokens.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String referenceName(SymbolTable symbols, Symbol target, long offset) {
        String n = target.name();
        if (n.startsWith(".klp.sym.")) {
            int dot = n.indexOf('.', ".klp.sym.".length());
            int comma = n.lastIndexOf(',');
            return dot > 0 && comma > dot ? n.substring(dot + 1, comma) : n;
        }
        if (target.type() == Symbol.STT_SECTION) {
            return symbols.entityAt(target.sectionIndex(), offset).map(Symbol::name)
                    .orElse("section" + target.sectionIndex() + "+" + offset);
        }
        return n;
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
