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
     * offset), and on x86-64 direct {@code call}/{@code jmp rel32} (on ppc64 {@code bl}) to a function in the same
     * section by that function's name. Two builds of the same source then compare equal although one reaches {@code c} through a
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
        boolean ppc64 = image.header().machine() == 21;
        java.util.Set<Long> stubCalls = new java.util.HashSet<>();
        if (image.header().type() == ElfHeader.ET_REL) {
            for (Section rel : relocationsFor(image, sec.index())) {
                for (Relocation r : image.relocations(rel)) {
                    long at = r.offset() - start;
                    if (at >= 0 && at < bytes.length && r.symbolIndex() > 0 && r.symbolIndex() < symbols.size()) {
                        Symbol target = symbols.get(r.symbolIndex());
                        long pcBias = x86 && (r.type() == 2 || r.type() == 4) ? 4 : 0;
                        names.put(at, referenceName(object.symbols(), target, r.addend() + pcBias));
                        if (ppc64 && r.type() == PPC64_REL24 && (target.isUndefined() || target.isLivepatch())) {
                            stubCalls.add(at);
                        }
                    }
                }
            }
        }
        if (ppc64) {
            return Optional.of(ppc64Digest(object, sec, start, bytes, names, stubCalls));
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
        return Optional.of(digest(bytes, names));
    }

    /** The code's digest together with which name each masked place refers to. */
    private static String digest(byte[] code, java.util.SortedMap<Long, String> names) {
        StringBuilder tokens = new StringBuilder(sha256(code));
        names.forEach((at, n) -> tokens.append('|').append(at).append('=').append(n));
        return sha256(tokens.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static final int PPC64_REL24 = 10;
    private static final long PPC_NOP = 0x60000000L;

    /**
     * ppc64: a local {@code bl} (no relocation) is named by the function it reaches (at its global or its local
     * entry, 8 bytes in); a {@code bl} to another module's or a livepatch symbol goes through a stub, and the nop
     * after it (where the loader puts back r2) is dropped, since a local call to the same function has none.
     */
    private static String ppc64Digest(KernelObject object, Section sec, long start, byte[] bytes,
                                      java.util.TreeMap<Long, String> names, java.util.Set<Long> stubCalls) {
        java.nio.ByteBuffer words = java.nio.ByteBuffer.wrap(bytes).order(object.image().header().order());
        for (int i = 0; i + 4 <= bytes.length; i += 4) {
            long w = Integer.toUnsignedLong(words.getInt(i));
            if ((w & 0xfc000003L) != 0x48000001L || names.containsKey((long) i)) {
                continue;
            }
            long disp = w & 0x03fffffcL;
            long dest = start + i + (disp >= 0x02000000L ? disp - 0x04000000L : disp);
            Optional<Symbol> f = object.symbols().entityAt(sec.index(), dest)
                    .or(() -> object.symbols().entityAt(sec.index(), dest - 8));
            if (f.isPresent()) {
                words.putInt(i, 0); // as a relocated word is masked
                names.put((long) i, f.get().name());
            }
        }
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream(bytes.length);
        java.util.TreeMap<Long, String> shifted = new java.util.TreeMap<>();
        long dropped = 0;
        for (int i = 0; i < bytes.length; i += 4) {
            boolean tocSlot = i >= 4 && stubCalls.contains((long) i - 4) && i + 4 <= bytes.length
                    && Integer.toUnsignedLong(words.getInt(i)) == PPC_NOP;
            if (tocSlot) {
                dropped += 4;
                continue;
            }
            kept.write(bytes, i, Math.min(4, bytes.length - i));
            for (var e : names.subMap((long) i, (long) i + 4).entrySet()) {
                shifted.put(e.getKey() - dropped, e.getValue());
            }
        }
        return digest(kept.toByteArray(), shifted);
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
