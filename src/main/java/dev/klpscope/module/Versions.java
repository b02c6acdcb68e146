package dev.klpscope.module;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.elf.Symbols;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Symbol versions (MODVERSIONS): the CRCs a module expects of the symbols it imports ({@code __versions},
 * an array of {@code struct modversion_info { unsigned long crc; char name[MODULE_NAME_LEN]; }}) and the CRCs
 * of the symbols it exports (local {@code __crc_<name>} symbols pointing at 4-byte values in
 * {@code __kcrctab*}, or absolute {@code __crc_*} symbols on older kernels). Also the symbol namespace of each
 * export whose {@code __ksymtab_strings} bytes the file holds ({@code namespaces}: exports in no namespace are absent).
 */
public record Versions(Map<String, Long> imported, Map<String, Long> exported, Map<String, Boolean> exports,
                       Map<String, String> namespaces) {

    public static final Versions NONE = new Versions(Map.of(), Map.of(), Map.of(), Map.of());

    public Versions {
        imported = Collections.unmodifiableMap(new LinkedHashMap<>(imported));
        exported = Collections.unmodifiableMap(new LinkedHashMap<>(exported));
        exports = Collections.unmodifiableMap(new LinkedHashMap<>(exports));
        namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
    }

    /**
     * The namespace {@code name} is exported in ({@code EXPORT_SYMBOL_NS*}); empty when it is in none or when the
     * file does not hold its {@code __ksymtab_strings} (a vmlinux reduced to its symbol table).
     */
    public Optional<String> exportNamespace(String name) {
        return Optional.ofNullable(namespaces.get(name));
    }

    public OptionalLong importedCrc(String name) {
        Long v = imported.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    public OptionalLong exportedCrc(String name) {
        Long v = exported.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** True when the object exports {@code name} (GPL-only or not). */
    public boolean exportsSymbol(String name) {
        return exports.containsKey(name);
    }

    public Optional<Boolean> isGplOnly(String name) {
        return Optional.ofNullable(exports.get(name));
    }

    static Versions read(ElfImage image, SymbolTable symbols) {
        Map<String, Long> imported = new LinkedHashMap<>();
        Optional<Section> versions = image.section("__versions");
        boolean is64 = image.header().is64();
        if (versions.isPresent() && versions.get().occupiesFile()) {
            ByteReader r = image.data(versions.get());
            int entry = 64; // sizeof(struct modversion_info): 8 + 56 on 64-bit, 4 + 60 on 32-bit
            int crcSize = is64 ? 8 : 4;
            for (long at = 0; at + entry <= r.length(); at += entry) {
                long crc = r.word(at, is64, "__versions CRC") & 0xffffffffL;
                String name = r.cString(at + crcSize, at + entry, "__versions name");
                imported.put(name, crc);
            }
        }
        Map<String, Long> exported = new LinkedHashMap<>();
        Map<String, Boolean> exports = new LinkedHashMap<>();
        Map<String, String> namespaces = new LinkedHashMap<>();
        Symbols all = symbols.all();
        for (int i = 0; i < all.size(); i++) {
            // tested on the string table's bytes: most of vmlinux's 130 k entries are none of these
            if (!all.nameStartsWith(i, "__") || !(all.nameStartsWith(i, "__ksymtab_") || all.nameStartsWith(i, "__crc_")
                    || all.nameStartsWith(i, KSTRTABNS))) {
                continue;
            }
            Symbol s = all.get(i);
            String n = s.name();
            if (n.startsWith("__ksymtab_") && !s.isUndefined() && !n.startsWith("__ksymtab_strings")) {
                String exportedName = n.substring("__ksymtab_".length());
                Section sec = s.sectionIndex() < image.sections().size() ? image.section(s.sectionIndex()) : null;
                exports.put(exportedName, sec != null && sec.name().startsWith("__ksymtab_gpl"));
            }
            if (n.startsWith("__crc_") && !s.isUndefined()) {
                crcOf(image, s).ifPresent(crc -> exported.put(n.substring("__crc_".length()), crc));
            }
            if (n.startsWith(KSTRTABNS) && !s.isUndefined()) {
                namespaceOf(image, s).filter(ns -> !ns.isEmpty())
                        .ifPresent(ns -> namespaces.put(n.substring(KSTRTABNS.length()), ns));
            }
        }
        return new Versions(imported, exported, exports, namespaces);
    }

    /**
     * 6.1 include/linux/export.h and 6.12 include/linux/export-internal.h both emit the label
     * {@code __kstrtabns_<sym>} on the namespace string in {@code __ksymtab_strings} ("" for none); the kernel reads
     * it through {@code kernel_symbol.namespace_offset} (kernel_symbol_namespace(), kernel/module/main.c).
     */
    private static final String KSTRTABNS = "__kstrtabns_";

    private static Optional<String> namespaceOf(ElfImage image, Symbol s) {
        return offsetIn(image, s, 1).flatMap(at -> {
            ByteReader r = image.data(image.section(s.sectionIndex()));
            return Optional.ofNullable(r.cStringOrNull(at, r.length())); // unterminated: not known, not an error
        });
    }

    /** Where {@code s} points in its section's bytes, when the file holds {@code size} bytes there. */
    private static Optional<Long> offsetIn(ElfImage image, Symbol s, int size) {
        if (s.sectionIndex() == Symbol.SHN_ABS || s.sectionIndex() >= image.sections().size()) {
            return Optional.empty();
        }
        Section sec = image.section(s.sectionIndex());
        if (!sec.occupiesFile()) {
            return Optional.empty();
        }
        long offset = image.header().type() == dev.klpscope.elf.ElfHeader.ET_REL ? s.value() : s.value() - sec.address();
        return image.data(sec).fits(offset, size) ? Optional.of(offset) : Optional.empty();
    }

    private static OptionalLong crcOf(ElfImage image, Symbol s) {
        if (s.sectionIndex() == Symbol.SHN_ABS) {
            return OptionalLong.of(s.value() & 0xffffffffL);
        }
        Optional<Long> offset = offsetIn(image, s, 4);
        return offset.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(image.data(image.section(s.sectionIndex())).u32(offset.get(), "CRC of " + s.name()));
    }
}
