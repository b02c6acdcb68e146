package dev.klpscope.module.code;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A function's code as compared: one unit per instruction (x86-64) or word (fixed-width machines), with every
 * address replaced by what it reaches, named by {@link Namer}: through the relocation at the field where the file
 * has one (modules, {@code --emit-relocs} vmlinux), else by decoding the instruction ({@link X86Decoder}: branch
 * displacements, RIP-relative operands, and in a linked image without relocations absolute 32-bit addresses).
 * Branches inside the function are named by instruction number. Code that two builds of the same source differ in
 * without differing in meaning is left out or made one form: padding ({@code nop}, {@code int3}), the
 * {@code __fentry__} call site (a {@code call} in a module, a 5-byte {@code nop} once linked), returns through
 * {@code __x86_return_thunk} ({@code ret}), indirect branches through {@code __x86_indirect_thunk_REG}
 * ({@code call *%REG}), and on ppc64 the {@code nop} after a call through a stub, where the loader restores r2.
 */
public final class FunctionCode {

    /** One instruction or word: its offset in the function, its bytes, and what is compared. */
    record Unit(int offset, byte[] bytes, String key, String references) {
    }

    /** Where two functions first differ: offsets in each, the unit's bytes as hex, and what its addresses reach. */
    public record Difference(long offsetA, long offsetB, String bytesA, String bytesB, String referenceA, String referenceB) {
    }

    private final long size;
    private final List<Unit> units;

    private FunctionCode(long size, List<Unit> units) {
        this.size = size;
        this.units = units;
    }

    /** The function's code, or empty when its bytes are not in the file (NOBITS, size 0, symtab-only vmlinux). */
    public static Optional<FunctionCode> of(KernelObject object, Symbol function) {
        return of(object, function, true);
    }

    /**
     * As {@link #of(KernelObject, Symbol)}; {@code useRelocations=false} decodes as if the file had none (how a linked
     * image without {@code --emit-relocs} is read; both ways must agree on equal code).
     */
    public static Optional<FunctionCode> of(KernelObject object, Symbol function, boolean useRelocations) {
        ElfImage image = object.image();
        Optional<Section> section = object.sectionOf(function);
        if (section.isEmpty() || !section.get().occupiesFile() || function.size() <= 0 || function.size() > (1 << 24)) {
            return Optional.empty();
        }
        CodeIndex index = CodeIndex.of(image);
        Section sec = section.get();
        long start = index.offsetInSection(function);
        if (start < 0 || start + function.size() > sec.size()) {
            return Optional.empty();
        }
        byte[] bytes = image.data(sec).bytes(start, (int) function.size(), "code of " + function.name());
        Builder b = new Builder(index, sec.index(), start, bytes, useRelocations);
        return Optional.of(new FunctionCode(function.size(), b.units()));
    }

    /** Empty when both have the same meaning; else the first unit that differs. */
    public Optional<Difference> firstDifference(FunctionCode other) {
        int n = Math.min(units.size(), other.units.size());
        for (int i = 0; i < n; i++) {
            Unit a = units.get(i);
            Unit b = other.units.get(i);
            if (!a.key().equals(b.key())) {
                return Optional.of(new Difference(a.offset(), b.offset(), hex(a.bytes()), hex(b.bytes()),
                        a.references(), b.references()));
            }
        }
        if (units.size() == other.units.size()) {
            return Optional.empty();
        }
        Unit extra = units.size() > n ? units.get(n) : other.units.get(n);
        boolean mine = units.size() > n;
        return Optional.of(new Difference(mine ? extra.offset() : size, mine ? other.size : extra.offset(),
                mine ? hex(extra.bytes()) : "", mine ? "" : hex(extra.bytes()),
                mine ? extra.references() : "", mine ? "" : extra.references()));
    }

    /** A digest of what is compared: equal for equal meaning. */
    public String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Unit u : units) {
                md.update(u.key().getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Number of compared units (instructions). */
    public int units() {
        return units.size();
    }

    static String hex(byte[] bytes) {
        int shown = Math.min(bytes.length, 16);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(String.format("%02x", bytes[i] & 0xff));
        }
        return shown < bytes.length ? b.append(" …").toString() : b.toString();
    }

    /** Decodes one function and names its references. */
    private static final class Builder {
        private static final String[] REGS = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};

        private final CodeIndex index;
        private final ElfImage image;
        private final int machine;
        private final int section;
        private final long start;
        private final byte[] code;
        private final CodeIndex.Relocations relocations;
        private final boolean noRelocations;
        private final Namer namer;
        private final List<Raw> raws = new ArrayList<>();

        /** A unit before local references are numbered. */
        private static final class Raw {
            final int offset;
            final int length;
            final byte[] masked;
            final List<Reference> refs = new ArrayList<>(1);
            final List<Integer> fields = new ArrayList<>(1);
            String op;
            boolean dropped;

            Raw(int offset, int length, byte[] code) {
                this.offset = offset;
                this.length = length;
                this.masked = java.util.Arrays.copyOfRange(code, offset, offset + length);
            }

            int end() {
                return offset + length;
            }
        }

        Builder(CodeIndex index, int section, long start, byte[] code, boolean useRelocations) {
            this.index = index;
            this.image = index.image();
            this.machine = image.header().machine();
            this.section = section;
            this.start = start;
            this.code = code;
            CodeIndex.Relocations all = index.relocations(section);
            this.relocations = useRelocations ? all : CodeIndex.Relocations.NONE;
            this.noRelocations = relocations.isEmpty();
            this.namer = new Namer(index, section, start, code.length, useRelocations);
        }

        List<Unit> units() {
            switch (machine) {
                case Machines.EM_X86_64 -> x86();
                case Machines.EM_PPC64, Machines.EM_AARCH64 -> words();
                default -> raw(0);
            }
            return finish();
        }

        // ---- x86-64 ------------------------------------------------------------------------------------

        private void x86() {
            int p = 0;
            while (p < code.length) {
                Optional<X86Instruction> d = X86Decoder.decode(code, p, code.length);
                if (d.isEmpty()) {
                    raw(p); // undecodable: the rest compared as masked bytes
                    return;
                }
                X86Instruction insn = d.get();
                Raw u = new Raw(p, insn.length(), code);
                relocate(u);
                decodedAddresses(u, insn);
                canonical(u, insn);
                raws.add(u);
                p += insn.length();
            }
        }

        private void decodedAddresses(Raw u, X86Instruction insn) {
            if (insn.relative() && !u.fields.contains(insn.immAt())) {
                long disp = signed(u, insn.immAt(), insn.immSize());
                mask(u, insn.immAt(), insn.immSize());
                u.refs.add(sameSection(start + u.end() + disp));
            }
            if (insn.dispAt() >= 0 && !u.fields.contains(insn.dispAt())) {
                long disp = signed(u, insn.dispAt(), 4);
                if (insn.ripRelative()) {
                    mask(u, insn.dispAt(), 4);
                    u.refs.add(sameSection(start + u.end() + disp));
                } else if (noRelocations && index.linked()) {
                    absolute(u, insn.dispAt(), 4, disp, insn.gs());
                }
            }
            if (noRelocations && index.linked() && insn.immAt() >= 0 && !insn.relative()
                    && (insn.immSize() == 4 || insn.immSize() == 8) && !u.fields.contains(insn.immAt())) {
                absolute(u, insn.immAt(), insn.immSize(), signed(u, insn.immAt(), insn.immSize()), false);
            }
        }

        /**
         * What a PC-relative field without a relocation reaches: in a module, a place in this section (the assembler
         * resolves only those); in a linked image, anything at that address.
         */
        private Reference sameSection(long offset) {
            if (!index.linked()) {
                return namer.place(section, offset);
            }
            return namer.address(image.section(section).address() + offset, true).orElse(Reference.named("?"));
        }

        /** A linked image's absolute address (sign-extended 32-bit, or 64-bit), if it lies in an allocated section. */
        private void absolute(Raw u, int at, int width, long value, boolean perCpu) {
            Optional<Reference> ref = perCpu ? namer.perCpu(value) : namer.address(value, false);
            if (ref.isPresent()) {
                mask(u, at, width);
                u.refs.add(ref.get());
            }
        }

        private void canonical(Raw u, X86Instruction insn) {
            int op = insn.opcode();
            String target = u.refs.isEmpty() ? "" : u.refs.get(0).name();
            if (insn.map() == 0 && op == 0x90 && insn.rex() == 0 && onlyOperandSizePrefixes(u)
                    || insn.map() == 1 && op == 0x1f || insn.map() == 0 && op == 0xcc) {
                u.dropped = true; // padding
            } else if (insn.isCall() && target.equals("__fentry__")) {
                u.dropped = true; // a nop once linked, a call in a module: patched at load either way
            } else if (insn.map() == 0 && op == 0xc3
                    || insn.isJump() && (target.startsWith("__x86_return_thunk") || target.equals("__x86_return_skl"))) {
                u.op = "ret";
                u.refs.clear();
            } else if ((insn.isCall() || insn.isJump()) && target.startsWith("__x86_indirect_")) {
                u.op = (insn.isCall() ? "call *%" : "jmp *%") + target.substring(target.lastIndexOf('_') + 1);
                u.refs.clear();
            } else if (insn.indirectRegister() >= 0) {
                u.op = (insn.indirectCall() ? "call *%" : "jmp *%") + REGS[insn.indirectRegister()];
            } else if (insn.isCall()) {
                u.op = "call";
            } else if (insn.isJump()) {
                u.op = "jmp";
            } else if (insn.condition() >= 0) {
                u.op = "j" + insn.condition();
            }
        }

        private boolean onlyOperandSizePrefixes(Raw u) {
            for (int i = 0; i < u.length - 1; i++) {
                if ((u.masked[i] & 0xff) != 0x66) {
                    return false;
                }
            }
            return true;
        }

        // ---- fixed-width machines --------------------------------------------------------------------

        private static final int PPC64_REL24 = 10;
        private static final long PPC_NOP = 0x60000000L;

        private void words() {
            boolean ppc = machine == Machines.EM_PPC64;
            java.nio.ByteBuffer words = java.nio.ByteBuffer.wrap(code).order(image.header().order());
            boolean afterStubCall = false;
            for (int p = 0; p < code.length; p += 4) {
                int len = Math.min(4, code.length - p);
                Raw u = new Raw(p, len, code);
                Relocation call = relocate(u);
                long w = len == 4 ? Integer.toUnsignedLong(words.getInt(p)) : -1;
                if (ppc && afterStubCall && w == PPC_NOP) {
                    u.dropped = true; // where the loader restores r2 after a call through a stub; a local call has none
                }
                afterStubCall = ppc && call != null && call.type() == PPC64_REL24 && stubCall(call);
                if (u.fields.isEmpty() && len == 4) {
                    branch(u, w, ppc);
                }
                raws.add(u);
            }
        }

        /** A call to another object or a livepatch symbol goes through a stub on ppc64. */
        private boolean stubCall(Relocation r) {
            List<Symbol> symbols = image.symbols();
            if (r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size()) {
                return false;
            }
            Symbol s = symbols.get(r.symbolIndex());
            return s.isUndefined() || s.isLivepatch();
        }

        /** ppc64 {@code bl}, arm64 {@code b}/{@code bl} without a relocation: resolved in this section. */
        private void branch(Raw u, long w, boolean ppc) {
            long disp;
            if (ppc && (w & 0xfc000003L) == 0x48000001L) {
                disp = w & 0x03fffffcL;
                disp = disp >= 0x02000000L ? disp - 0x04000000L : disp;
            } else if (!ppc && (w & 0x7c000000L) == 0x14000000L) {
                disp = (w & 0x03ffffffL) << 2;
                disp = disp >= 0x08000000L ? disp - 0x10000000L : disp;
            } else {
                return;
            }
            long target = start + u.offset + disp;
            boolean localEntry = ppc && namer.isFunctionStartBefore(section, target, 8); // 8 bytes in
            Reference ref = namer.place(section, localEntry ? target - 8 : target);
            maskWord(u, ppc ? RelocationWidths.PPC_BRANCH : RelocationWidths.ARM64_BRANCH);
            u.refs.add(ref);
        }

        // ---- any machine ---------------------------------------------------------------------------

        /** Masks and names every relocated field in the unit; returns the last relocation seen (or null). */
        private Relocation relocate(Raw u) {
            Relocation last = null;
            long[] at = relocations.at();
            for (int i = relocations.from(start + u.offset); i < at.length && at[i] < start + u.end(); i++) {
                Relocation r = relocations.entry(i);
                int field = (int) (at[i] - start - u.offset);
                int width = RelocationWidths.width(machine, r.type());
                long bias = RelocationWidths.pcRelative(machine, r.type()) ? u.length - field : 0;
                long branchField = RelocationWidths.branchField(machine, r.type());
                if (branchField != 0 && field == 0 && u.length == 4) {
                    maskWord(u, branchField); // the opcode stays: a call is a call with or without a relocation
                } else {
                    mask(u, field, width);
                }
                u.fields.add(field);
                Reference ref = namer.relocation(r, bias);
                if (machine != Machines.EM_X86_64 && branchField == 0) {
                    ref.then("@" + image.relocationTypeName(r.type())); // the whole word is masked: keep what it writes
                }
                u.refs.add(ref);
                last = r;
            }
            return last;
        }

        /** The rest of the function as one unit with relocated fields masked (undecodable or unknown machine). */
        private void raw(int from) {
            Raw u = new Raw(from, code.length - from, code);
            relocate(u);
            raws.add(u);
        }

        /** Clears the bits of a 4-byte instruction word that hold its branch displacement. */
        private void maskWord(Raw u, long bits) {
            java.nio.ByteBuffer w = java.nio.ByteBuffer.wrap(u.masked).order(image.header().order());
            w.putInt(0, (int) (Integer.toUnsignedLong(w.getInt(0)) & ~bits));
        }

        private static void mask(Raw u, int at, int width) {
            for (int i = Math.max(0, at); i < Math.min(u.length, at + width); i++) {
                u.masked[i] = 0;
            }
        }

        private static long signed(Raw u, int at, int width) {
            if (at < 0 || at + width > u.length) {
                return 0;
            }
            long v = 0;
            for (int i = width - 1; i >= 0; i--) {
                v = (v << 8) | (u.masked[at + i] & 0xff);
            }
            int shift = 64 - 8 * width;
            return shift == 0 ? v : (v << shift) >> shift;
        }

        /** Numbers local references by kept unit and builds the compared keys. */
        private List<Unit> finish() {
            List<Raw> kept = raws.stream().filter(r -> !r.dropped).toList();
            int[] offsets = kept.stream().mapToInt(r -> r.offset).toArray();
            java.util.function.LongFunction<String> local = off -> localName(kept, offsets, off - start);
            List<Unit> out = new ArrayList<>(kept.size());
            for (Raw r : kept) {
                StringBuilder refs = new StringBuilder();
                for (Reference ref : r.refs) {
                    if (refs.length() > 0) {
                        refs.append(", ");
                    }
                    refs.append(ref.text(local));
                }
                String body = r.op != null && r.op.contains("*%") || "ret".equals(r.op) ? r.op
                        : (r.op != null ? r.op : HexFormat.of().formatHex(r.masked)) + (refs.length() == 0 ? "" : " → " + refs);
                out.add(new Unit(r.offset, java.util.Arrays.copyOfRange(code, r.offset, r.end()), body, refs.toString()));
            }
            return out;
        }

        /** {@code @N}: the N-th compared instruction ({@code @N+d} inside one); {@code @end} past the last. */
        private static String localName(List<Raw> kept, int[] offsets, long off) {
            int i = java.util.Arrays.binarySearch(offsets, (int) off);
            if (i >= 0) {
                return "@" + i;
            }
            int next = -i - 1;
            if (next > 0 && off < kept.get(next - 1).end()) {
                return "@" + (next - 1) + "+" + (off - offsets[next - 1]);
            }
            return next >= offsets.length ? "@end" : "@" + next;
        }
    }
}
