package dev.klpscope.livepatch.lint;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfHeader;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Section;
import dev.klpscope.livepatch.lint.PatchProblem.Level;

import java.util.List;
import java.util.Set;

/**
 * The ELF header and section table as the loader's validity checks see them: {@code elf_validity_check} and
 * {@code setup_load_info} in 6.1, {@code elf_validity_cache_copy} in 6.12, and its split into
 * {@code elf_validity_cache_sechdrs}/{@code _secstrings}/{@code _index_*}/{@code _strtab} by 7.3. What the kernel
 * rejects that klpscope's reader tolerates is {@code refused} ("invalid module format", -ENOEXEC); what a strict reader
 * would reject that the kernel never reads is {@code warn}. What neither can read stops earlier, in
 * {@link dev.klpscope.elf.ElfImage}.
 */
final class HeaderLint {

    private static final String NOEXEC = " (insmod: invalid module format, -ENOEXEC)";
    /** 64-bit arches whose elf_check_arch also reads EI_CLASS (x86_64's and ppc64's read e_machine only). */
    private static final Set<Integer> CLASS_CHECKED = Set.of(Machines.EM_S390, Machines.EM_RISCV, Machines.EM_LOONGARCH);

    private HeaderLint() {
    }

    static void check(LintContext c, List<PatchProblem> out) {
        ElfHeader h = c.image.header();
        ByteReader raw = c.image.reader();
        int elfClass = raw.u8(4, "EI_CLASS");
        int encoding = raw.u8(5, "EI_DATA");
        if (CLASS_CHECKED.contains(h.machine()) && elfClass != 2) {
            out.add(new PatchProblem("elf-ident", Level.REFUSED, "EI_CLASS is " + elfClass + ", not 2 (ELF64): "
                    + h.machineName() + "'s elf_check_arch checks the class" + NOEXEC,
                    "Invalid architecture in ELF header: " + h.machine()));
        }
        if (!h.is64()) {
            return;
        }
        if (h.machine() == Machines.EM_X86_64 && (elfClass != 2 || encoding != 1)) {
            out.add(new PatchProblem("elf-ident", Level.WARN, String.format(
                    "EI_CLASS is %d and EI_DATA is %d, not 2 (ELF64) and 1 (little-endian): the x86_64 kernel never reads "
                            + "them (elf_check_arch looks at e_machine only) and loads the file; klpscope reads it as "
                            + "ELF64 little-endian like the kernel, but other ELF tools will not", elfClass, encoding), ""));
        }
        if (h.type() != ElfHeader.ET_REL) {
            out.add(new PatchProblem("elf-header", Level.REFUSED,
                    "e_type is " + h.typeName() + ", not REL: the kernel loads only relocatable objects" + NOEXEC,
                    "Invalid ELF header type: " + h.type() + " != 1"));
        }
        machine(c, h, out);
        List<Section> sections = c.image.sections();
        if (sections.isEmpty()) {
            return;
        }
        Section zero = sections.get(0);
        if (zero.type() != Section.SHT_NULL || zero.size() != 0 || zero.address() != 0) {
            out.add(new PatchProblem("elf-sections", Level.REFUSED,
                    "section 0 is not an empty SHT_NULL section (type " + zero.type() + ", size " + zero.size() + ", addr 0x"
                            + Long.toHexString(zero.address()) + ")" + NOEXEC,
                    "ELF Spec violation: section 0 type(" + zero.type() + ")!=SH_NULL or non-zero len or addr"));
        }
        int names = h.sectionNameTableIndex();
        if (names == 0) {
            out.add(new PatchProblem("elf-sections", Level.REFUSED, "e_shstrndx is SHN_UNDEF" + NOEXEC,
                    "Invalid ELF section name index: 0 || e_shstrndx (0) >= e_shnum (" + sections.size() + ")"));
            return;
        }
        Section shstrtab = sections.get(Math.min(names, sections.size() - 1));
        if (shstrtab.size() == 0) {
            out.add(new PatchProblem("elf-sections", Level.REFUSED, "the section name table is empty" + NOEXEC,
                    "empty section name table"));
        } else if (raw.u8(shstrtab.offset() + shstrtab.size() - 1, "last byte of .shstrtab") != 0) {
            out.add(new PatchProblem("elf-sections", Level.REFUSED, "the section name table's last byte is not NUL" + NOEXEC,
                    "ELF Spec violation: section name table isn't null terminated"));
        }
        if (shstrtab.type() != Section.SHT_STRTAB) {
            String what = "the section name table (section " + shstrtab.index() + ") is section type " + shstrtab.type()
                    + ", not SHT_STRTAB";
            out.add(c.kernel.atLeast(7, 3)
                    ? new PatchProblem("elf-sections", Level.REFUSED, what + ": checked since 7.3" + NOEXEC,
                    "Invalid ELF section name table type: " + shstrtab.type())
                    : new PatchProblem("elf-sections", Level.WARN, what + ": " + c.kernel.modelled() + " reads it as bytes "
                    + "and loads the file (7.3 and later refuse it)", ""));
        }
        int symtabs = 0;
        for (Section s : sections) {
            if (s.index() == 0) {
                continue;
            }
            long rawLink = raw.u32(h.sectionHeaderOffset() + 64L * s.index() + 40, "sh_link");
            sectionName(c, s, shstrtab, out);
            if (s.type() == Section.SHT_NULL || s.type() == Section.SHT_NOBITS) {
                continue;
            }
            if (s.type() == Section.SHT_SYMTAB && (rawLink == 0 || rawLink >= sections.size())) {
                out.add(new PatchProblem("elf-sections", Level.REFUSED,
                        "symbol table " + s.name() + " has sh_link " + rawLink + ", which names no string table" + NOEXEC,
                        "Invalid ELF sh_link!=SHN_UNDEF(" + rawLink + ") or (sh_link(" + rawLink + ") >= hdr->e_shnum("
                                + sections.size() + ")"));
            }
            if (s.type() != Section.SHT_SYMTAB && rawLink >= sections.size()) {
                out.add(new PatchProblem("elf-sections", Level.WARN, "section " + s.index() + " (" + s.name() + ") has sh_link "
                        + rawLink + ", which names no section: the kernel reads no sh_link but the symbol table's and "
                        + "loads the file", ""));
            }
            if (s.type() == Section.SHT_SYMTAB) {
                if (++symtabs == 2) {
                    out.add(c.kernel.atLeast(6, 12)
                            ? new PatchProblem("elf-sections", Level.REFUSED, "a second symbol table, " + s.name() + ": "
                            + "since 6.12 the loader wants exactly one" + NOEXEC,
                            c.moduleName() + ": module has no symbols (stripped?)")
                            : new PatchProblem("elf-sections", Level.WARN, "a second symbol table, " + s.name()
                            + ": the kernel uses the first SHT_SYMTAB only (6.12 and later refuse the file)", ""));
                }
                if (s.entrySize() != 24) {
                    out.add(entsize(s, 24));
                }
            }
            if (s.type() == Section.SHT_RELA && s.entrySize() != 24) {
                out.add(entsize(s, 24));
            }
        }
        if (symtabs == 0) {
            out.add(new PatchProblem("elf-sections", Level.REFUSED, "the file has no symbol table" + NOEXEC,
                    c.moduleName() + ": module has no symbols (stripped?)"));
        }
        ModuleSectionsLint.check(c, out);
    }

    /** What e_machine says about livepatch: the arch must have it (HAVE_LIVEPATCH) in the kernel the patch is for. */
    private static void machine(LintContext c, ElfHeader h, List<PatchProblem> out) {
        if (LivepatchArches.has(h.machine(), c.kernel)) {
            if (h.machine() == Machines.EM_PPC64 && c.kernel.atLeast(6, 12)) {
                int abi = (int) (h.flags() & 3);
                boolean little = h.order() == java.nio.ByteOrder.LITTLE_ENDIAN;
                if (abi == 3 || little && abi != 2) {
                    out.add(new PatchProblem("elf-header", Level.REFUSED, "e_flags says ELF ABI v" + abi + ", which a "
                            + (little ? "little-endian (ELFv2) " : "") + "ppc64 kernel does not load (module_elf_check_arch, "
                            + "since 6.12)" + NOEXEC, "Invalid module architecture in ELF header: " + h.machine()));
                }
            }
            return;
        }
        if (LivepatchArches.everHas(h.machine())) {
            out.add(new PatchProblem("elf-header", Level.REFUSED, h.machineName() + " kernels have no livepatch support in "
                    + c.kernel.modelled() + " (HAVE_LIVEPATCH since " + LivepatchArches.since(h.machine()) + "): "
                    + "klp_enable_patch does not exist there, so the loader cannot resolve it",
                    c.moduleName() + ": Unknown symbol klp_enable_patch (err -2)"));
        } else {
            out.add(new PatchProblem("elf-header", Level.REFUSED, "e_machine is " + h.machineName() + " (" + h.machine()
                    + "), for which no kernel has livepatch support; a livepatch kernel rejects the file" + NOEXEC,
                    "Invalid architecture in ELF header: " + h.machine()));
        }
    }

    /**
     * sh_name against the section name table. 6.1 checks allocated sections only; 6.12 first strcmp()s every
     * section's name looking for .modinfo and .gnu.linkonce.this_module, then checks allocated ones; 7.3 checks every
     * section before reading any name. An unchecked name is read by strcmp later (find_any_sec(".BTF") on 6.1, find_sec
     * for allocated NOBITS sections); past the kernel's copy of the file that read oopses, as it did on 6.1.0-57.
     */
    private static void sectionName(LintContext c, Section s, Section shstrtab, List<PatchProblem> out) {
        long rawName = c.image.reader().u32(c.image.header().sectionHeaderOffset() + 64L * s.index(), "sh_name");
        if (rawName < shstrtab.size() || s.type() == Section.SHT_NULL) {
            return;
        }
        String what = "section " + s.index() + (s.isAlloc() ? " (SHF_ALLOC)" : " (not SHF_ALLOC)") + " has sh_name 0x"
                + Long.toHexString(rawName) + ", outside the section name table";
        String rejected = "Invalid ELF section name in module (section " + s.index() + " type " + s.type() + ")";
        boolean nobits = s.type() == Section.SHT_NOBITS;
        boolean faults = c.readFaults(shstrtab.offset() + rawName);
        String crash = ": the kernel's strcmp reads the name " + (faults ? "past the end of its copy of the file and oopses"
                : "from elsewhere in the file");
        if (c.kernel.atLeast(7, 3)) {
            out.add(new PatchProblem("elf-sections", Level.REFUSED, what + NOEXEC, rejected));
        } else if (c.kernel.atLeast(6, 12) && !nobits) {
            if (faults) {
                out.add(new PatchProblem("elf-sections", Level.CRASH, what + ": 6.12's elf_validity_cache_copy strcmp()s "
                        + "every section's name before checking it" + crash, ""));
            } else if (s.isAlloc()) {
                out.add(new PatchProblem("elf-sections", Level.REFUSED, what + NOEXEC, rejected));
            } else {
                out.add(new PatchProblem("elf-sections", Level.WARN, what + crash + " (checked from 7.3 on)", ""));
            }
        } else if (s.isAlloc() && !nobits) {
            out.add(new PatchProblem("elf-sections", Level.REFUSED, what + NOEXEC, rejected));
        } else if (nobits && !s.isAlloc()) {
            return; // neither checked nor ever looked up by name
        } else {
            out.add(new PatchProblem("elf-sections", faults ? Level.CRASH : Level.WARN, what + ": " + c.kernel.modelled()
                    + " checks the names of allocated sections with contents only, then "
                    + (nobits ? "find_sec()" : "find_any_sec(\".BTF\")") + crash + (faults ? "" : " (checked from 7.3 on)"),
                    ""));
        }
    }

    private static PatchProblem entsize(Section s, int expected) {
        return new PatchProblem("elf-entsize", Level.WARN, String.format(
                "%s has sh_entsize %d, not %d: the kernel never reads sh_entsize (it uses sizeof(Elf64_Sym/Elf64_Rela)) and "
                        + "loads the file; klpscope reads %d-byte entries like the kernel", s.name(), s.entrySize(), expected,
                expected), "");
    }
}
