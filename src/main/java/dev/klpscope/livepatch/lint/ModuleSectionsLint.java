package dev.klpscope.livepatch.lint;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.lint.PatchProblem.Level;

import java.util.List;

/**
 * The sections the loader looks up by name or through the symbol table before anything else:
 * {@code .gnu.linkonce.this_module} (the module's {@code struct module}), {@code .modinfo}, and from 7.3 the symbol
 * string table. 6.1 finds the first allocated one of each ({@code find_sec}); 6.12 counts them and wants exactly one;
 * 7.3 also checks the string table's type, its NUL bytes and every symbol's name offset, which earlier loaders read
 * unchecked.
 */
final class ModuleSectionsLint {

    private static final String NOEXEC = " (insmod: invalid module format, -ENOEXEC)";

    private ModuleSectionsLint() {
    }

    static void check(LintContext c, List<PatchProblem> out) {
        thisModule(c, out);
        modinfo(c, out);
        stringTable(c, out);
    }

    private static void thisModule(LintContext c, List<PatchProblem> out) {
        List<Section> found = named(c, ".gnu.linkonce.this_module");
        String name = c.moduleName();
        if (!c.kernel.atLeast(6, 12)) {
            if (found.stream().noneMatch(Section::isAlloc)) {
                out.add(new PatchProblem("elf-sections", Level.REFUSED, "the file has no allocated "
                        + ".gnu.linkonce.this_module section" + NOEXEC, name + ": No module found in object"));
            }
            return;
        }
        String prefix = "module " + name + ": ";
        if (found.size() != 1) {
            out.add(new PatchProblem("elf-sections", Level.REFUSED, "the file has " + found.size()
                    + " .gnu.linkonce.this_module sections; " + c.kernel.modelled() + " wants exactly one" + NOEXEC,
                    prefix + (c.kernel.atLeast(7, 3) ? "Exactly one" : "Only one")
                            + " .gnu.linkonce.this_module section must exist."));
        } else if (!found.get(0).isAlloc()) {
            out.add(new PatchProblem("elf-sections", Level.REFUSED, ".gnu.linkonce.this_module lacks SHF_ALLOC" + NOEXEC,
                    prefix + ".gnu.linkonce.this_module must occupy memory during process execution"));
        }
    }

    private static void modinfo(LintContext c, List<PatchProblem> out) {
        List<Section> found = named(c, ".modinfo");
        if (found.size() < 2) {
            return;
        }
        out.add(c.kernel.atLeast(6, 12)
                ? new PatchProblem("elf-sections", Level.REFUSED, "the file has " + found.size() + " .modinfo sections; "
                + c.kernel.modelled() + " wants at most one" + NOEXEC, "Only one .modinfo section must exist.")
                : new PatchProblem("elf-sections", Level.WARN, "the file has " + found.size() + " .modinfo sections: 6.1 "
                + "reads the first allocated one (6.12 and later refuse the file)", ""));
    }

    /**
     * The symbol string table: 7.3 checks its type, its first and last bytes and every symbol's name offset
     * ({@code elf_validity_cache_index_str}, {@code elf_validity_cache_strtab}); earlier loaders check none of it,
     * and for a livepatch module {@code layout_symtab} strlen()s every symbol's name, reading past the kernel's copy
     * of the file where the offset points beyond it (and add_kallsyms copies it).
     */
    private static void stringTable(LintContext c, List<PatchProblem> out) {
        Section symtab = c.image.symbolTableSection().orElse(null);
        if (symtab == null || !c.validSection(symtab.link())) {
            return; // reported by HeaderLint
        }
        Section strtab = c.image.section((int) symtab.link());
        boolean checked = c.kernel.atLeast(7, 3);
        ByteReader raw = c.image.reader();
        if (checked) {
            if (strtab.type() != Section.SHT_STRTAB) {
                out.add(refused("the symbol table's string table " + strtab.name() + " is section type " + strtab.type()
                        + ", not SHT_STRTAB", "Invalid ELF symbol string table type: " + strtab.type()));
                return;
            }
            if (strtab.size() == 0) {
                out.add(refused("the symbol string table is empty", "empty symbol string table"));
                return;
            }
            if (raw.u8(strtab.offset(), "first byte of the symbol string table") != 0) {
                out.add(refused("the symbol string table's first byte is not NUL", "symbol string table missing leading NUL"));
            }
            if (raw.u8(strtab.offset() + strtab.size() - 1, "last byte of the symbol string table") != 0) {
                out.add(refused("the symbol string table's last byte is not NUL", "symbol string table isn't NUL terminated"));
            }
        } else if (strtab.type() != Section.SHT_STRTAB) {
            out.add(new PatchProblem("elf-strtab", Level.WARN, "the symbol table's string table " + strtab.name()
                    + " is section type " + strtab.type() + ", not SHT_STRTAB: " + c.kernel.modelled() + " reads the names "
                    + "from it as bytes (7.3 and later refuse the file)", ""));
        } else {
            if (strtab.size() > 0 && raw.u8(strtab.offset(), "first byte of the symbol string table") != 0) {
                out.add(new PatchProblem("elf-strtab", Level.WARN, "the symbol string table's first byte is not NUL, so "
                        + "every symbol without a name gets one: " + c.kernel.modelled() + " does not check it (7.3 and "
                        + "later refuse the file)", ""));
            }
            if (strtab.size() > 0 && raw.u8(strtab.offset() + strtab.size() - 1, "last byte of the symbol string table") != 0) {
                unterminated(c, strtab, out);
            }
        }
        long count = symtab.size() / 24;
        for (long i = 1; i < count; i++) {
            long stName = raw.u32(symtab.offset() + 24 * i, "st_name");
            if (stName < strtab.size()) {
                continue;
            }
            String what = "symbol " + i + " has st_name 0x" + Long.toHexString(stName) + ", outside the symbol string table ("
                    + strtab.size() + " bytes)";
            if (checked) {
                out.add(refused(what, "symbol name out of bounds in string table"));
            } else if (c.readFaults(strtab.offset() + stName)) {
                out.add(new PatchProblem("elf-strtab", Level.CRASH, what + ": " + c.kernel.modelled() + " does not check it, "
                        + "and keeps every symbol of a livepatch module: layout_symtab strlen()s the name and add_kallsyms "
                        + "copies it, past the end of the kernel's copy of the file (both oopsed on 6.1.0-57 and 6.12.95)",
                        ""));
            } else {
                out.add(new PatchProblem("elf-strtab", Level.WARN, what + ": " + c.kernel.modelled() + " does not check "
                        + "it and reads the name from elsewhere in the file (7.3 and later refuse the file)", ""));
            }
            return;
        }
    }

    /**
     * A symbol string table whose last byte is not NUL, on a loader that does not check it (before 7.3): the names
     * that end it are read on past the table, through the kernel's copy of the file, up to the next NUL (the reader
     * reads them so too). 6.1.0-57 loaded samples/broken/strtab-trailing-nul.ko and applied the patch: its last name
     * is a {@code .klp.sym} whose position ",0" became ",0X", which klp_resolve_symbols' sscanf still reads as 0.
     * What such a name does depends on the symbol: an undefined one is looked up by its longer name and not found.
     */
    private static void unterminated(LintContext c, Section strtab, List<PatchProblem> out) {
        String prefix = "the symbol string table's last byte is not NUL: " + c.kernel.modelled() + " does not check it "
                + "(7.3 and later refuse the file) and reads the last name on past the table";
        ByteReader raw = c.image.reader();
        long symtab = c.image.symbolTableSection().orElseThrow().offset();
        Symbol first = null;
        String firstName = null;
        for (Symbol s : c.symbols) {
            long at = raw.u32(symtab + 24L * s.index(), "st_name");
            if (s.index() == 0 || at == 0 || at >= strtab.size()) {
                continue;
            }
            String read = raw.cStringOrNull(strtab.offset() + at, raw.length());
            if (read != null && strtab.offset() + at + read.length() < strtab.offset() + strtab.size()) {
                continue; // a name that ends inside the table
            }
            if (read == null) {
                out.add(new PatchProblem("elf-strtab", Level.CRASH, prefix + ", to the end of the file and beyond the "
                        + "kernel's copy of it (symbol " + s.index() + "): strlen() reads past the copy", ""));
                return;
            }
            if (s.isUndefined()) { // the worst of the names that run on: looked up by it, and not found
                out.add(new PatchProblem("elf-strtab", Level.REFUSED, prefix + ": undefined symbol " + s.index()
                        + " is looked up as '" + read + "'", c.moduleName() + ": Unknown symbol " + read + " (err -2)"));
                return;
            }
            if (first == null) {
                first = s;
                firstName = read;
            }
        }
        if (first != null) {
            out.add(new PatchProblem("elf-strtab", Level.WARN, prefix + ": symbol " + first.index() + " is named '"
                    + firstName + "' by the bytes that follow", ""));
        }
    }

    private static PatchProblem refused(String what, String kernelMessage) {
        return new PatchProblem("elf-strtab", Level.REFUSED, what + ": checked since 7.3" + NOEXEC, kernelMessage);
    }

    /** Sections of that name the loader counts: any but SHT_NULL and SHT_NOBITS. */
    private static List<Section> named(LintContext c, String name) {
        return c.image.sections().stream().filter(s -> s.name().equals(name) && s.type() != Section.SHT_NULL
                && s.type() != Section.SHT_NOBITS).toList();
    }
}
