package dev.klpscope.livepatch.lint;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfHeader;
import dev.klpscope.elf.Section;
import dev.klpscope.livepatch.PatchProblem;
import dev.klpscope.livepatch.PatchProblem.Level;

import java.util.List;
import java.util.Set;

/**
 * The ELF header and section table as 6.1's {@code elf_validity_check} and {@code setup_load_info} see them: what
 * the kernel rejects that klpscope's reader tolerates ({@code refused}, "invalid module format", -ENOEXEC), and what a
 * strict reader would reject that the kernel never reads ({@code warn}). What neither can read stops earlier, in
 * {@link dev.klpscope.elf.ElfImage}.
 */
final class HeaderLint {

    /** Machines whose 64-bit kernels have livepatch (HAVE_LIVEPATCH): x86_64, ppc64, s390, arm64, riscv, loongarch. */
    private static final Set<Integer> LIVEPATCH_MACHINES = Set.of(62, 21, 22, 183, 243, 258);
    private static final String NOEXEC = " (insmod: invalid module format, -ENOEXEC)";

    private HeaderLint() {
    }

    static void check(LintContext c, List<PatchProblem> out) {
        ElfHeader h = c.image.header();
        ByteReader raw = c.image.reader();
        if (!h.is64()) {
            return;
        }
        int elfClass = raw.u8(4, "EI_CLASS");
        int encoding = raw.u8(5, "EI_DATA");
        if (h.machine() == LintContext.EM_X86_64 && (elfClass != 2 || encoding != 1)) {
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
        if (!LIVEPATCH_MACHINES.contains(h.machine())) {
            out.add(new PatchProblem("elf-header", Level.REFUSED,
                    "e_machine is " + h.machineName() + " (" + h.machine() + "), for which no kernel has livepatch support"
                            + NOEXEC,
                    "Invalid architecture in ELF header: " + h.machine()));
        }
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
        long shoff = h.sectionHeaderOffset();
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
        boolean symtabSeen = false;
        for (Section s : sections) {
            if (s.index() == 0) {
                continue;
            }
            long at = shoff + 64L * s.index();
            long rawName = raw.u32(at, "sh_name");
            long rawLink = raw.u32(at + 40, "sh_link");
            if (s.type() == Section.SHT_NULL || s.type() == Section.SHT_NOBITS) {
                continue;
            }
            if (s.type() == Section.SHT_SYMTAB && (rawLink == 0 || rawLink >= sections.size())) {
                out.add(new PatchProblem("elf-sections", Level.REFUSED,
                        "symbol table " + s.name() + " has sh_link " + rawLink + ", which names no string table" + NOEXEC,
                        "Invalid ELF sh_link!=SHN_UNDEF(" + rawLink + ") or (sh_link(" + rawLink + ") >= hdr->e_shnum("
                                + sections.size() + ")"));
            }
            if (s.isAlloc() && rawName >= shstrtab.size()) {
                out.add(new PatchProblem("elf-sections", Level.REFUSED, "allocated section " + s.index()
                        + " has sh_name 0x" + Long.toHexString(rawName) + ", outside the section name table" + NOEXEC,
                        "Invalid ELF section name in module (section " + s.index() + " type " + s.type() + ")"));
            } else if (rawName >= shstrtab.size()) {
                out.add(new PatchProblem("elf-sections", Level.CRASH, "section " + s.index() + " (not SHF_ALLOC) has sh_name 0x"
                        + Long.toHexString(rawName) + ", outside the section name table: elf_validity_check checks the "
                        + "names of allocated sections only, then find_sec() strcmp()s every section's name and reads "
                        + "past the table (oops in strcmp on 6.1.0-57)", ""));
            }
            if (s.type() != Section.SHT_SYMTAB && rawLink >= sections.size()) {
                out.add(new PatchProblem("elf-sections", Level.WARN, "section " + s.index() + " (" + s.name() + ") has sh_link "
                        + rawLink + ", which names no section: the kernel reads no sh_link but the symbol table's and "
                        + "loads the file", ""));
            }
            if (s.type() == Section.SHT_SYMTAB) {
                if (symtabSeen) {
                    out.add(new PatchProblem("elf-sections", Level.WARN, "a second symbol table, " + s.name()
                            + ": the kernel uses the first SHT_SYMTAB only", ""));
                }
                symtabSeen = true;
            }
            if (s.type() == Section.SHT_SYMTAB && s.entrySize() != 24) {
                out.add(entsize(s, 24));
            }
            if (s.type() == Section.SHT_RELA && s.entrySize() != 24) {
                out.add(entsize(s, 24));
            }
        }
        if (!symtabSeen) {
            out.add(new PatchProblem("elf-sections", Level.REFUSED, "the file has no symbol table" + NOEXEC,
                    c.moduleName() + ": module has no symbols (stripped?)"));
        }
        if (c.image.section(".gnu.linkonce.this_module").isEmpty()) {
            out.add(new PatchProblem("elf-sections", Level.REFUSED, "the file has no .gnu.linkonce.this_module section"
                    + NOEXEC, c.moduleName() + ": No module found in object"));
        }
    }

    private static PatchProblem entsize(Section s, int expected) {
        return new PatchProblem("elf-entsize", Level.WARN, String.format(
                "%s has sh_entsize %d, not %d: the kernel never reads sh_entsize (it uses sizeof(Elf64_Sym/Elf64_Rela)) and "
                        + "loads the file; klpscope reads %d-byte entries like the kernel", s.name(), s.entrySize(), expected,
                expected), "");
    }
}
