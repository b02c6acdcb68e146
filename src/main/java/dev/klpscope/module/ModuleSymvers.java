package dev.klpscope.module;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.TextLines;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * vmlinux's exports from a {@code Module.symvers} (kbuild's modpost output; Debian's {@code linux-headers} ships it,
 * Fedora and SUSE ship it as {@code symvers-RELEASE.gz}): one line per export,
 * {@code CRC\tSYMBOL\tMODULE\tEXPORT_TYPE\tNAMESPACE} since 5.10 (scripts/mod/modpost.c {@code write_dump()}),
 * {@code CRC\tSYMBOL\tNAMESPACE\tMODULE\tEXPORT_TYPE} in 5.4-5.9, four fields before 5.4. Only the rows of
 * {@code vmlinux} are kept: they are what a vmlinux's {@code __ksymtab*}, {@code __kcrctab*} and
 * {@code __kstrtabns_*} say ({@link Versions}).
 */
public final class ModuleSymvers {

    /** A distribution kernel has about 30 k exports (every module's included); a file far past that is not one. */
    static final long MAX_LINES = 2_000_000;
    static final int MAX_LINE = 2048;
    static final long MAX_BYTES = 256L << 20;

    private ModuleSymvers() {
    }

    public static Versions read(Path file) {
        return read(TextLines.open(file, MAX_BYTES, "a Module.symvers"));
    }

    static Versions read(TextLines text) {
        Map<String, Long> crcs = new LinkedHashMap<>();
        Map<String, Boolean> exports = new LinkedHashMap<>();
        Map<String, String> namespaces = new LinkedHashMap<>();
        text.forEach(MAX_LINE, MAX_LINES, (number, line) -> {
            if (line.isEmpty()) {
                return;
            }
            String[] f = line.split("\t", -1);
            if (f.length < 4 || !f[0].startsWith("0x") || f[1].isEmpty()) {
                throw text.badLine(number, line, "'CRC<tab>SYMBOL<tab>MODULE<tab>EXPORT_TYPE[<tab>NAMESPACE]'");
            }
            long crc;
            try {
                crc = Long.parseUnsignedLong(f[0].substring(2), 16);
            } catch (NumberFormatException e) {
                throw text.badLine(number, line, "a hexadecimal CRC first");
            }
            boolean namespaceThird = f.length >= 5 && f[4].startsWith("EXPORT_"); // 5.4-5.9
            String module = namespaceThird ? f[3] : f[2];
            String type = namespaceThird ? f[4] : f[3];
            String namespace = namespaceThird ? f[2] : f.length >= 5 ? f[4] : "";
            if (!type.startsWith("EXPORT_")) {
                throw text.badLine(number, line, "an export type (EXPORT_SYMBOL, EXPORT_SYMBOL_GPL)");
            }
            if (!module.equals("vmlinux")) {
                return;
            }
            crcs.put(f[1], crc & 0xffffffffL);
            exports.put(f[1], type.contains("_GPL"));
            if (!namespace.isEmpty()) {
                namespaces.put(f[1], namespace);
            }
        });
        if (exports.isEmpty()) {
            throw new MalformedInputException(text.file(), "has no export of vmlinux; not a kernel's Module.symvers");
        }
        return new Versions(Map.of(), crcs, exports, namespaces);
    }
}
