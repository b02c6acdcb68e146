package dev.klpscope.module;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfHeader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An object's error-injection list: the {@code struct error_injection_entry {unsigned long addr; int etype;}} records
 * {@code ALLOW_ERROR_INJECTION(fn, TYPE)} puts in section {@code _error_injection_whitelist}
 * (include/asm-generic/error-injection.h, the same layout in 6.1 and 6.12: 16 bytes on 64-bit, 8 on 32-bit). A module
 * keeps the section, each {@code addr} a relocation to the function ({@code module_load_ei_list()} reads it,
 * kernel/module/main.c {@code section_objs(info, "_error_injection_whitelist", ...)}); a linked vmlinux has the records
 * between {@code __start_error_injection_whitelist} and {@code __stop_error_injection_whitelist} in its init data
 * (include/asm-generic/vmlinux.lds.h {@code ERROR_INJECT_WHITELIST()}). Without
 * {@code CONFIG_FUNCTION_ERROR_INJECTION} (Debian's 6.1 and 6.12) the macro emits nothing and there is no list.
 *
 * <p>{@code populate_error_injection_list()} (lib/error-inject.c) enters each as {@code [addr, addr + size)} of the
 * symbol there; {@code within_error_injection_list(addr)} asks whether an address falls in one, and
 * {@code /sys/kernel/debug/error_injection/list} prints each as {@code "%ps\t%s"} (function, type).
 */
public final class ErrorInjectionList {

    /** One record: the function's section ({@link #LINKED} for an address) and offset or address, and its type. */
    private record Entry(int section, long at, int etype) {
    }

    private static final int LINKED = -1;

    private final List<Entry> entries;

    private ErrorInjectionList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The object's list, or empty when its file has none (no such records, or a vmlinux without their bytes). */
    public static Optional<ErrorInjectionList> of(KernelObject object) {
        return object.image().derived(Holder.class, i -> new Holder(read(i))).list();
    }

    /** The number of records, as the debugfs list would show them for this object. */
    public int size() {
        return entries.size();
    }

    /**
     * The injectable type ({@code ERRNO}, {@code NULL}, ...: {@code error_type_string()}) of the record whose
     * function is {@code fn}, as {@code within_error_injection_list(fn's address)} would find it; empty if none.
     */
    public Optional<String> typeOf(Symbol fn) {
        long end = fn.value() + Math.max(1, fn.size());
        for (Entry e : entries) {
            boolean sameSection = e.section() == LINKED || e.section() == fn.sectionIndex();
            if (sameSection && e.at() >= fn.value() && e.at() < end) {
                return Optional.of(typeName(e.etype()));
            }
        }
        return Optional.empty();
    }

    /** {@code error_type_string()}, lib/error-inject.c (6.1 and 6.12). */
    static String typeName(int etype) {
        return switch (etype) {
            case 1 -> "NULL";
            case 2 -> "ERRNO";
            case 3 -> "ERRNO_NULL";
            case 4 -> "TRUE";
            default -> "(unknown)";
        };
    }

    private record Holder(Optional<ErrorInjectionList> list) {
    }

    static final String SECTION = "_error_injection_whitelist";

    private static Optional<ErrorInjectionList> read(ElfImage image) {
        boolean is64 = image.header().is64();
        int word = is64 ? 8 : 4;
        int stride = is64 ? 16 : 8;
        return image.header().type() == ElfHeader.ET_REL ? relocatable(image, word, stride) : linked(image, is64, word, stride);
    }

    private static Optional<ErrorInjectionList> relocatable(ElfImage image, int word, int stride) {
        Optional<Section> table = image.section(SECTION).filter(Section::occupiesFile);
        if (table.isEmpty()) {
            return Optional.empty();
        }
        ByteReader data = image.data(table.get());
        List<Symbol> symbols = image.symbols();
        List<Entry> out = new ArrayList<>();
        for (Section rel : image.sections()) {
            if (!rel.isRelocation() || rel.info() != table.get().index()) {
                continue;
            }
            for (Relocation r : image.relocations(rel)) {
                if (r.offset() % stride != 0 || r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size()
                        || !data.fits(r.offset() + word, 4)) {
                    continue; // only the addr field of a whole record is relocated
                }
                Symbol s = symbols.get(r.symbolIndex());
                if (!s.isUndefined() && s.sectionIndex() < Symbol.SHN_LORESERVE) {
                    out.add(new Entry(s.sectionIndex(), s.value() + r.addend(), data.s32(r.offset() + word, "error_injection_entry.etype")));
                }
            }
        }
        return Optional.of(new ErrorInjectionList(out));
    }

    private static Optional<ErrorInjectionList> linked(ElfImage image, boolean is64, int word, int stride) {
        Optional<LinkedRange> range = LinkedRange.of(image, "error_injection_whitelist");
        Optional<Section> holder = range.flatMap(r -> r.section(image));
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        Section s = holder.get();
        ByteReader data = image.data(s);
        List<Entry> out = new ArrayList<>();
        for (long at = range.get().from(); at + stride <= range.get().to(); at += stride) {
            long off = at - s.address();
            out.add(new Entry(LINKED, data.word(off, is64, "error_injection_entry.addr"),
                    data.s32(off + word, "error_injection_entry.etype")));
        }
        return Optional.of(new ErrorInjectionList(out));
    }
}
