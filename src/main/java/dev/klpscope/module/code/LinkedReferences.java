package dev.klpscope.module.code;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.LinkedRange;
import dev.klpscope.module.code.CodeReferences.Call;
import dev.klpscope.module.code.CodeReferences.Kind;
import dev.klpscope.module.code.CodeReferences.Reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The references to one function of a linked x86-64 image (a vmlinux), found in its final bytes without decoding the
 * whole image or keeping an index of it (a 633 MB {@code -dbg} vmlinux stays within the analysis' small heap): a
 * {@code call}/{@code jmp rel32} that lands on the entry, a 32-bit immediate or displacement holding its address
 * ({@code mov $fn,%rdi}), a RIP-relative {@code lea fn(%rip),%reg}, and in data an aligned 64-bit word holding it
 * (ops tables) or an aligned 32-bit offset from itself to it ({@code __ksymtab}, initcalls, {@code .pci_fixup} hooks
 * where the architecture has PREL32 relocations). The same whether or not the file keeps its {@code --emit-relocs} relocations (Debian's 6.1 does, its
 * 6.12 does not). A byte pattern found inside another instruction could add a reference that is not one, never hide
 * one; the kernel's own tables of code locations are skipped ({@link CodeReferences#isTableOfLocations}, and the
 * {@code __start_mcount_loc}, {@code kprobe_blacklist} and {@code error_injection_whitelist} ranges linked into
 * {@code .init.data}).
 */
final class LinkedReferences {

    private static final int CHUNK = 1 << 22;

    private final KernelObject object;
    private final List<LinkedRange> tables;
    private final Map<Long, List<Reference>> memo = new ConcurrentHashMap<>();

    LinkedReferences(KernelObject object) {
        this.object = object;
        this.tables = tables(object.image());
    }

    /** The references to {@code fn}'s entry from anywhere but itself. */
    List<Reference> to(Symbol fn) {
        return memo.computeIfAbsent(fn.value(), a -> scan(fn)).stream().filter(r -> !r.from().equals(fn.name())).toList();
    }

    private List<Reference> scan(Symbol fn) {
        ElfImage image = object.image();
        CodeIndex index = CodeIndex.of(image);
        long target = fn.value();
        List<Reference> out = new ArrayList<>();
        for (Section sec : image.sections()) {
            if (!sec.isAlloc() || !sec.occupiesFile() || sec.size() < 8 || CodeReferences.isTableOfLocations(sec.name())) {
                continue;
            }
            ByteReader data = image.data(sec);
            for (long base = 0; base < sec.size(); base += CHUNK) {
                long origin = Math.max(0, base - 8); // chunks overlap by 8 bytes back and 16 ahead: no pattern is cut
                int len = (int) Math.min(CHUNK + 24L, sec.size() - origin);
                byte[] b = data.bytes(origin, len, "bytes of " + sec.name());
                int from = (int) (base - origin);
                int end = from + (int) Math.min(CHUNK, sec.size() - base);
                if (sec.isExecutable()) {
                    code(sec, index, b, origin, from, end, target, out);
                } else {
                    words(sec, b, origin, from, end, target, out);
                }
            }
        }
        return List.copyOf(out);
    }

    private void code(Section sec, CodeIndex index, byte[] b, long base, int from, int end, long target, List<Reference> out) {
        long address = sec.address() + base;
        int low = (int) target;
        boolean fits32 = target == (long) low;
        byte lowByte = (byte) low; // tested first: most bytes match no pattern at their first byte
        for (int i = from; i < end && i + 4 <= b.length; i++) {
            byte op = b[i];
            if ((op == (byte) 0xe8 || op == (byte) 0xe9) && i + 5 <= b.length && address + i + 5 + s32(b, i + 1) == target) {
                out.add(reference(sec, index, base + i, op == (byte) 0xe8 ? Kind.CALL : Kind.JUMP, false));
            }
            if (fits32 && op == lowByte && s32(b, i) == low) {
                // mov $fn,%rdi is 48 c7 c7 imm32: the first argument
                boolean rdi = i >= 3 && (b[i - 3] & 0xff) == 0x48 && (b[i - 2] & 0xff) == 0xc7 && (b[i - 1] & 0xff) == 0xc7;
                out.add(reference(sec, index, base + i - (rdi ? 3 : 0), Kind.ADDRESS, rdi));
            } else if (i >= 3 && (b[i - 2] & 0xff) == 0x8d && (b[i - 1] & 0xc7) == 0x05 && ((b[i - 3] & 0xf8) == 0x48)
                    && address + i + 4 + s32(b, i) == target) {
                // lea fn(%rip),%reg: REX.W 8d modrm(mod 00, rm 101) disp32; %rdi when modrm is 3d and REX.R clear
                boolean rdi = (b[i - 1] & 0xff) == 0x3d && (b[i - 3] & 0x04) == 0;
                out.add(reference(sec, index, base + i - 3, Kind.ADDRESS, rdi));
            }
        }
    }

    private void words(Section sec, byte[] b, long base, int from, int end, long target, List<Reference> out) {
        int first = from + (int) ((4 - ((sec.address() + base + from) & 3)) & 3);
        for (int i = first; i < end && i + 4 <= b.length; i += 4) {
            long at = sec.address() + base + i;
            boolean word = (at & 7) == 0 && b[i] == (byte) target && i + 8 <= b.length
                    && ((s32(b, i) & 0xffffffffL) | ((long) s32(b, i + 4) << 32)) == target;
            // a 32-bit offset from the field itself (PREL32: __ksymtab, initcalls, .pci_fixup hooks)
            if ((word || at + s32(b, i) == target) && tables.stream().noneMatch(t -> t.contains(at))) {
                out.add(new Reference(sec.name(), base + i, "", Kind.ADDRESS, false, ""));
            }
        }
    }

    private Reference reference(Section sec, CodeIndex index, long offset, Kind kind, boolean rdi) {
        Optional<Symbol> from = index.functionAt(sec.index(), offset);
        String next = rdi ? from.map(f -> nextCall(f, sec.address() + offset - f.value())).orElse("") : "";
        return new Reference(sec.name(), offset, from.map(Symbol::name).orElse(""), kind, rdi, next);
    }

    /** The callee of the first call after {@code offset} in {@code fn} (decoded: that function only). */
    private String nextCall(Symbol fn, long offset) {
        return CodeReferences.calls(object, fn).flatMap(calls -> calls.stream().filter(c -> c.offset() > offset)
                .map(Call::callee).findFirst()).orElse("");
    }

    private static int s32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | b[i + 3] << 24;
    }

    /**
     * A linked vmlinux's tables of code locations that the linker script puts inside {@code .init.data}
     * ({@code MCOUNT_REC()}, {@code KPROBE_BLACKLIST()}, {@code ERROR_INJECT_WHITELIST()} in
     * include/asm-generic/vmlinux.lds.h).
     */
    private static List<LinkedRange> tables(ElfImage image) {
        List<LinkedRange> out = new ArrayList<>();
        for (String t : List.of("mcount_loc", "kprobe_blacklist", "error_injection_whitelist")) {
            LinkedRange.of(image, t).ifPresent(out::add);
        }
        return out;
    }
}
