package dev.klpscope.livepatch.lint;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.RelocationTypes;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.lint.PatchProblem.Level;

import java.util.List;
import java.util.Optional;

/**
 * Every {@code .klp.rela.*} section and each of its relocations, as {@code apply_relocations},
 * {@code klp_apply_object_relocs}, {@code klp_apply_section_relocs}, {@code klp_resolve_symbols} and each arch's
 * {@code apply_relocate_add} treat them (types per arch: {@link ArchRelocations}). Relocations of a vmlinux section are written while the patch module
 * loads; those of a module object when klp_enable_patch (or the module's later load) reaches it. Neither path
 * bounds-checks {@code sh_info}, {@code r_offset} or the symbol index, in any modelled version or arch.
 */
final class KlpSectionLint {

    private KlpSectionLint() {
    }

    static void check(LintContext c, List<PatchProblem> out) {
        for (Section s : c.image.sections()) {
            boolean named = s.name().startsWith(KlpName.RELA_PREFIX);
            boolean flagged = s.hasFlag(Section.SHF_RELA_LIVEPATCH);
            if (named || flagged) {
                section(c, s, named, flagged, out);
            }
        }
    }

    private static void section(LintContext c, Section s, boolean named, boolean flagged, List<PatchProblem> out) {
        Optional<KlpName.SectionName> parsed = KlpName.parseSection(s.name());
        String object = parsed.map(KlpName.SectionName::object).orElse("?");
        boolean vmlinux = object.equals("vmlinux");
        boolean targetOk = c.validSection(s.info());
        Section target = targetOk ? c.image.section((int) s.info()) : null;
        if (flagged && parsed.isEmpty()) {
            out.add(new PatchProblem("klp-section-format", Level.REFUSED,
                    "section " + s.name() + " has SHF_RELA_LIVEPATCH but its name is not .klp.rela.<object>.<section>",
                    "livepatch: section " + s.name() + " has an incorrectly formatted name"));
        }
        boolean calls = c.relocations(s).stream().anyMatch(r -> RelocationTypes.isCall(c.machine, r.type()));
        if (named && !flagged) {
            boolean applied = s.type() == Section.SHT_RELA && targetOk && target.isAlloc();
            out.add(unwritten("klp-section-flag", calls, "section " + s.name() + " lacks SHF_RELA_LIVEPATCH: "
                    + (applied ? "the loader applies it as an ordinary relocation section while the patch loads, against "
                    + "livepatch symbols that are still 0, and livepatch never writes it again"
                    : "livepatch never applies it")));
        }
        if (parsed.isPresent() && parsed.get().objectTruncated()) {
            out.add(unwritten("klp-section-objname", calls, "section " + s.name() + " names an object longer than 55 "
                    + "characters: the kernel reads only '" + object + "', which matches no module, so these relocations "
                    + "are never written"));
        }
        if (s.type() != Section.SHT_RELA) {
            out.add(new PatchProblem("klp-section-format", flagged ? Level.REFUSED : Level.WARN,
                    "section " + s.name() + " is not SHT_RELA (type " + s.type() + ")", ""));
        }
        if (!flagged || parsed.isEmpty() || parsed.get().objectTruncated()) {
            return; // never applied by livepatch: nothing below is ever read
        }
        if (!targetOk) {
            out.add(vmlinux
                    ? unwritten("klp-section-info", calls, "section " + s.name() + " has sh_info " + s.info()
                    + ", which names no section: the loader skips it (apply_relocations) and livepatch writes vmlinux "
                    + "relocations nowhere else, so they are never written")
                    : new PatchProblem("klp-section-info", Level.CRASH, "section " + s.name() + " has sh_info " + s.info()
                    + ", which names no section: klp_apply_object_relocs does not check it and apply_relocate_add writes "
                    + "through a section header beyond the table (6.1.0-57 oopsed when the patched code ran, 6.12.95 "
                    + "and 7.3.4 while the patch loaded)", ""));
        } else if (!target.isAlloc()) {
            out.add(vmlinux
                    ? unwritten("klp-section-info", calls, "section " + s.name() + " relocates " + target.name()
                    + ", which is not SHF_ALLOC: the loader skips it, so these relocations are never written")
                    : new PatchProblem("klp-section-info", Level.CRASH, "section " + s.name() + " relocates " + target.name()
                    + ", which is not SHF_ALLOC: its address points into the freed load image when livepatch writes it", ""));
        }
        if (!s.isAlloc()) {
            out.add(new PatchProblem("klp-section-alloc", vmlinux ? Level.WARN : Level.CRASH, "section " + s.name()
                    + " lacks SHF_ALLOC: the loader does not keep it"
                    + (vmlinux ? "; vmlinux relocations are written during the load, while it is still there"
                    : ", and livepatch reads it from freed memory when the module object is patched"), ""));
        }
        if (s.size() % 24 != 0) {
            out.add(new PatchProblem("klp-section-entsize", Level.WARN, "section " + s.name() + " is " + s.size()
                    + " bytes, not a multiple of 24: the kernel ignores the last " + (s.size() % 24) + " bytes", ""));
        }
        if (c.symbols.isEmpty() || c.image.symbolTableSection().map(t -> t.index() != s.link()).orElse(false)) {
            out.add(new PatchProblem("klp-section-link", Level.WARN, "section " + s.name() + " has sh_link " + s.link()
                    + ", not the symbol table: the kernel ignores it and uses the first SHT_SYMTAB", ""));
        }
        ByteReader targetData = targetOk && target.occupiesFile() ? c.image.data(target) : null;
        List<Relocation> relocations = c.relocations(s);
        for (int i = 0; i < relocations.size(); i++) {
            relocation(c, s, object, target, targetData, i, relocations.get(i), out);
        }
    }

    private static void relocation(LintContext c, Section s, String object, Section target, ByteReader targetData,
                                   int index, Relocation r, List<PatchProblem> out) {
        String where = String.format("relocation %d at %s+0x%x in %s", index, target == null ? "?" : target.name(),
                r.offset(), s.name());
        boolean x86 = c.machine == Machines.EM_X86_64;
        boolean known = ArchRelocations.accepts(c.machine, c.kernel, r.type()).orElse(true);
        // bytes the write covers: exact for x86_64; elsewhere at least the byte at r_offset
        int width = !known ? 0 : x86 ? switch (r.type()) {
            case 0 -> 0;
            case 1, 24 -> 8;
            default -> 4;
        } : 1;
        if (!known) {
            ArchRelocations.Unknown u = ArchRelocations.unknown(c.machine, c.moduleName(), r.type());
            out.add(new PatchProblem("klp-reloc-type", Level.REFUSED, where + " has type " + r.type() + " ("
                    + typeName(c, r.type()) + "), which " + c.image.header().machineName() + "'s apply_relocate_add does "
                    + "not write in " + c.kernel.modelled() + " (" + u.errno() + ")", u.message()));
        }
        if (target != null && (r.offset() < 0 || Long.compareUnsigned(r.offset() + width, target.size()) > 0
                || Long.compareUnsigned(r.offset(), target.size()) >= 0 && width == 0 && r.type() != 0)) {
            // The fault's first line, as x86's show_fault_oops() (arch/x86/mm/fault.c) printed it on each recorded kernel
            // (samples/broken/kernel-behaviour.tsv); where it faults (apply_relocate_add, memcmp) differs by kernel.
            out.add(new PatchProblem("klp-reloc-offset", Level.CRASH, String.format("%s lies beyond %s (%d bytes): the kernel "
                    + "writes outside the section without checking", where, target.name(), target.size()),
                    x86 ? "BUG: unable to handle page fault for address: %px" : ""));
        } else if (x86 && targetData != null && width > 0) {
            long existing = width == 8 ? targetData.u64(r.offset(), "relocation target") : targetData.u32(r.offset(), "relocation target");
            if (existing != 0) {
                out.add(new PatchProblem("klp-reloc-target", Level.REFUSED, String.format("%s: the %d bytes there are not zero "
                        + "(0x%x)", where, width, existing), nonzeroMessage(c, s, index, r.type())));
            }
        } else if (c.machine == Machines.EM_PPC64 && targetData != null && r.type() == R_PPC64_REL24) {
            callFollowedByNop(c, s, where, targetData, r, out);
        }
        if (r.symbolIndex() >= c.symbols.size()) {
            out.add(new PatchProblem("klp-reloc-symbol", Level.CRASH, String.format(
                    "%s refers to symbol %d, outside the symbol table (%d entries): klp_resolve_symbols reads past it",
                    where, r.symbolIndex(), c.symbols.size()), ""));
            return;
        }
        Symbol sym = c.symbols.get(r.symbolIndex());
        if (!sym.isLivepatch()) {
            // an undefined one is looked up by the loader first (simplify_symbols), which fails unless something exports it
            int symtab = c.image.symbolTableSection().map(Section::index).orElse(0);
            out.add(new PatchProblem("klp-sym-marked", Level.REFUSED,
                    "relocation in " + s.name() + " refers to '" + sym.name() + "', which is not a livepatch symbol (SHN_LIVEPATCH)",
                    sym.isUndefined() && !sym.name().isEmpty()
                            ? c.moduleName() + ": Unknown symbol " + loaderName(c, sym.name()) + " (err -2)"
                            : c.kernel.atLeast(7, 3)
                            ? "livepatch: symbol " + sym.name() + " at rela sec " + symtab + " idx " + index
                            + " is not marked as a livepatch symbol"
                            : "livepatch: symbol " + sym.name() + " is not marked as a livepatch symbol"));
            return;
        }
        Optional<KlpName.SymbolName> n = KlpName.parseSymbol(sym.name());
        if (n.isPresent() && !object.equals("vmlinux") && n.get().object().equals("vmlinux")) {
            out.add(new PatchProblem("module-vs-vmlinux-ref", Level.REFUSED,
                    "module-specific section " + s.name() + " refers to vmlinux symbol " + n.get().name()
                            + " (not allowed since Linux 5.8)",
                    "livepatch: invalid access to vmlinux symbol '" + n.get().name()
                            + "' from module-specific livepatch relocation section"));
        }
    }

    /** ppc64's module_frob_arch_sections drops the leading dot of undefined names (dedotify) before looking them up. */
    private static String loaderName(LintContext c, String name) {
        return c.machine == Machines.EM_PPC64 && name.startsWith(".") ? name.substring(1) : name;
    }

    /** x86_64's refusal to overwrite non-zero bytes: the same -ENOEXEC in every version, worded three ways. */
    private static String nonzeroMessage(LintContext c, Section s, int index, int type) {
        if (c.kernel.atLeast(7, 3)) {
            return "x86/modules: Invalid relocation target, existing value is nonzero for sec " + s.index() + ", idx "
                    + index + ", type " + type;
        }
        return "x86/modules: " + (c.kernel.atLeast(6, 12) ? "Invalid" : "Skipping invalid")
                + " relocation target, existing value is nonzero for type " + type;
    }

    /**
     * ppc64: a REL24 call to a livepatch symbol goes through a stub that changes r2, and {@code restore_r2} wants the
     * instruction after the {@code bl} to be a nop it can turn into {@code ld r2,24(r1)}; from 6.12 an existing
     * {@code ld r2,24(r1)} is accepted too (a module patched before).
     */
    private static void callFollowedByNop(LintContext c, Section s, String where, ByteReader targetData, Relocation r,
                                          List<PatchProblem> out) {
        if (!targetData.fits(r.offset(), 8)) {
            return;
        }
        long insn = targetData.u32(r.offset(), "call instruction");
        long next = targetData.u32(r.offset() + 4, "instruction after the call");
        boolean branchAndLink = (insn & 0xfc000003L) == 0x48000001L;
        boolean accepted = next == PPC_NOP || c.kernel.atLeast(6, 12) && next == PPC_LD_R2_24_R1;
        if (branchAndLink && !accepted) {
            out.add(new PatchProblem("klp-reloc-target", Level.REFUSED, String.format("%s: a call through a stub must be "
                    + "followed by a nop for restore_r2 to patch, but the next instruction is %08x (-ENOEXEC)", where, next),
                    String.format("%s: Expected nop after call, got %08x", c.moduleName(), next)));
        }
    }

    private static final int R_PPC64_REL24 = 10;
    private static final long PPC_NOP = 0x60000000L;
    private static final long PPC_LD_R2_24_R1 = 0xe8410018L;

    /**
     * Relocations the kernel never writes: the patched code runs with the placeholder displacements (0) the build left
     * where addresses belong. A call through one runs into the patch's own code and oopsed the kernels that ran it
     * (6.1.0-57, 6.12.95 with {@code klp-info-none} and {@code klp-objname-long}; 7.3.4 with {@code klp-section-flag}),
     * so it is {@code crash} (7.3.4 ran {@code klp-objname-long}'s call into a wrong value instead: listed in
     * docs/checks.md). A data access uses address 0, or the bytes after the instruction where it is RIP-relative:
     * {@code vmlinux-info-none} loaded and printed wrong values on all three kernels, never oopsed, so it is
     * {@code silent}.
     */
    private static PatchProblem unwritten(String id, boolean calls, String what) {
        return calls
                ? new PatchProblem(id, Level.CRASH, what
                + ": the patched code's calls through them jump into its own code and oops the kernel when it runs", "")
                : new PatchProblem(id, Level.SILENT, what + ": the patched code reads and writes through unrelocated "
                + "addresses (0, or its own code where RIP-relative), which gives wrong values (6.1.0-57, 6.12.95 and 7.3.4 printed "
                + "them for the vmlinux sample)", "");
    }

    static String typeName(LintContext c, int type) {
        return RelocationTypes.name(c.machine, type);
    }
}
