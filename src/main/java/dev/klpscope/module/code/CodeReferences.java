package dev.klpscope.module.code;

import dev.klpscope.elf.ElfHeader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Machines;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who refers to a function's entry in an x86-64 object, and what a function calls: every reference found through the
 * relocations where the file has them (a module's {@code .rela.*}, the {@code --emit-relocs} {@code .rela.*} of a
 * {@code -dbg} vmlinux), and by decoding each function's instructions ({@link X86Decoder}) where it has none: the
 * assembler resolves a call to a static function of the same section itself, so {@code .text} calling {@code .text}
 * carries no relocation. Built once per module and kept with it; a linked image (a vmlinux) is never indexed whole but
 * searched per function in its final bytes ({@link LinkedReferences}), which keeps a 633 MB {@code -dbg} vmlinux
 * within the analysis' heap.
 *
 * <p>References from sections that only record code locations for the kernel's tables ({@code __mcount_loc},
 * {@code .orc_unwind_ip}, {@code __jump_table}, {@code .return_sites}, ...) are not references: they make nothing
 * call the function.
 */
public final class CodeReferences {

    /** How a site refers to a function. */
    public enum Kind { CALL, JUMP, ADDRESS }

    /**
     * One reference to a function's entry.
     *
     * @param section   the section the site is in
     * @param offset    its offset there
     * @param from      the function the site is in, or "" (data, or code outside any function symbol)
     * @param kind      call, jump (a tail call) or the address taken
     * @param firstArgument whether the instruction loads the address into {@code %rdi} (the first argument)
     * @param nextCall  for an address taken in code, the function the next call of that function calls, or ""
     */
    public record Reference(String section, long offset, String from, Kind kind, boolean firstArgument, String nextCall) {
        /** In init code or data ({@code .init.text}, {@code .init.data}, ...): run or read only while loading. */
        public boolean inInit() {
            return isInitSection(section);
        }
    }

    /** One call a function makes: its offset in the function, the callee's name, and whether it is on a cycle. */
    public record Call(long offset, String callee, boolean inLoop) {
    }

    private final KernelObject object;
    private final Map<Long, List<Reference>> byTarget;
    private final Set<Integer> incomplete;
    private final LinkedReferences linked;

    private CodeReferences(KernelObject object, Map<Long, List<Reference>> byTarget, Set<Integer> incomplete,
                           LinkedReferences linked) {
        this.object = object;
        this.byTarget = byTarget;
        this.incomplete = incomplete;
        this.linked = linked;
    }

    /** The object's references, or empty when it cannot be read so (not x86-64, no code bytes in the file). */
    public static Optional<CodeReferences> of(KernelObject object) {
        ElfImage image = object.image();
        if (image.header().machine() != Machines.EM_X86_64) {
            return Optional.empty();
        }
        CodeIndex.of(image); // first: build() reads it, and ElfImage.derived() must not be entered from its own computation
        if (image.header().type() != ElfHeader.ET_REL) { // a vmlinux: searched per function, never indexed whole
            boolean anyCode = image.sections().stream().anyMatch(s -> s.isExecutable() && s.occupiesFile() && s.size() > 0);
            return image.derived(Holder.class, i -> new Holder(anyCode ? Optional.of(new CodeReferences(object, Map.of(),
                    Set.of(), new LinkedReferences(object))) : Optional.empty())).references();
        }
        return image.derived(Holder.class, i -> new Holder(build(object))).references();
    }

    private record Holder(Optional<CodeReferences> references) {
    }

    /**
     * The references to {@code fn}'s entry from anywhere but itself, or empty when they cannot all be known: its
     * section has code that did not decode, or its bytes are not in the file.
     */
    public Optional<List<Reference>> to(Symbol fn) {
        if (linked != null) {
            return Optional.of(linked.to(fn));
        }
        if (incomplete.contains(fn.sectionIndex()) || fn.sectionIndex() >= object.image().sections().size()) {
            return Optional.empty();
        }
        CodeIndex index = CodeIndex.of(object.image());
        List<Reference> all = byTarget.getOrDefault(key(fn.sectionIndex(), index.offsetInSection(fn)), List.of());
        return Optional.of(all.stream().filter(r -> !r.from().equals(fn.name())).toList());
    }

    /**
     * The calls {@code fn} makes, each with whether it lies on a cycle of the function's own branches (a loop: from
     * the instruction after it, the branches lead back to it). Empty when its code does not decode.
     */
    public static Optional<List<Call>> calls(KernelObject object, Symbol fn) {
        Optional<Section> section = object.sectionOf(fn);
        if (object.image().header().machine() != Machines.EM_X86_64 || section.isEmpty() || !section.get().occupiesFile()
                || fn.size() <= 0 || fn.size() > (1 << 24)) {
            return Optional.empty();
        }
        CodeIndex index = CodeIndex.of(object.image());
        long start = index.offsetInSection(fn);
        Section sec = section.get();
        if (start < 0 || start + fn.size() > sec.size()) {
            return Optional.empty();
        }
        byte[] bytes = object.image().data(sec).bytes(start, (int) fn.size(), "code of " + fn.name());
        Optional<List<PlacedInstruction>> insns = X86Decoder.decodeAll(bytes, start);
        if (insns.isEmpty()) {
            return Optional.empty();
        }
        List<PlacedInstruction> code = insns.get();
        Map<Long, Integer> at = new HashMap<>();
        for (int i = 0; i < code.size(); i++) {
            at.put(code.get(i).offset(), i);
        }
        List<Call> out = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            PlacedInstruction p = code.get(i);
            if (p.insn().isCall()) {
                String callee = calleeName(object, index, sec, p);
                out.add(new Call(p.offset() - start, callee, onCycle(object, index, sec.index(), code, at, i)));
            }
        }
        return Optional.of(out);
    }

    /** Whether instruction {@code i} can be reached again from the one after it, through the function's own branches. */
    private static boolean onCycle(KernelObject object, CodeIndex index, int section, List<PlacedInstruction> code,
                                   Map<Long, Integer> at, int i) {
        BitSet seen = new BitSet(code.size());
        Deque<Integer> work = new ArrayDeque<>();
        work.push(i + 1);
        while (!work.isEmpty()) {
            int k = work.pop();
            if (k == i) {
                return true;
            }
            if (k >= code.size() || seen.get(k)) {
                continue;
            }
            seen.set(k);
            PlacedInstruction p = code.get(k);
            X86Instruction x = p.insn();
            boolean relocated = p.immAt() >= 0 && index.relocationAt(section, p.immAt()).isPresent();
            if (x.relative() && !x.isCall() && !relocated) {
                Integer t = at.get(p.branchTarget().getAsLong());
                if (t != null) {
                    work.push(t);
                }
            }
            if (!endsFlow(x, relocated)) {
                work.push(k + 1);
            }
        }
        return false;
    }

    /** {@code ret}, {@code jmp} (direct, indirect, or a relocated one: a tail call or the return thunk), {@code ud2}. */
    private static boolean endsFlow(X86Instruction x, boolean relocated) {
        if (x.map() == 0 && (x.opcode() == 0xc3 || x.opcode() == 0xc2 || x.opcode() == 0xcc)) {
            return true;
        }
        if (x.isJump()) {
            return true;
        }
        if (x.map() == 0 && x.opcode() == 0xff && x.modrm() >= 0 && ((x.modrm() >> 3) & 7) == 4) {
            return true;
        }
        return x.map() == 1 && x.opcode() == 0x0b;
    }

    private static String calleeName(KernelObject object, CodeIndex index, Section sec, PlacedInstruction p) {
        Optional<Relocation> r = index.relocationAt(sec.index(), p.immAt());
        if (r.isPresent()) {
            return targetName(object, index, r.get(), p.end() - p.immAt()).orElse("");
        }
        long t = p.branchTarget().getAsLong();
        if (index.linked() && (t < 0 || t >= sec.size())) { // a linked image without relocations: .init.text to .text
            int s = index.sectionAt(sec.address() + t);
            return s < 0 ? "" : functionNamedAt(index, s, sec.address() + t - object.image().section(s).address()).orElse("");
        }
        return functionNamedAt(index, sec.index(), t).orElse("");
    }

    private static Optional<String> functionNamedAt(CodeIndex index, int section, long offset) {
        return index.functionAt(section, offset).filter(s -> index.offsetInSection(s) == offset).map(Symbol::name);
    }

    /** What a relocation reaches, by name: an undefined or named symbol, or the function at a section symbol's offset. */
    private static Optional<String> targetName(KernelObject object, CodeIndex index, Relocation r, long toEnd) {
        List<Symbol> symbols = object.image().symbols();
        if (r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size()) {
            return Optional.empty();
        }
        Symbol s = symbols.get(r.symbolIndex());
        if (s.isUndefined() || s.type() != Symbol.STT_SECTION && r.addend() + (pcRelative(r.type()) ? toEnd : 0) == 0) {
            return Optional.of(s.name());
        }
        if (s.sectionIndex() >= Symbol.SHN_LORESERVE) {
            return Optional.empty();
        }
        long off = index.offsetInSection(s) + r.addend() + (pcRelative(r.type()) ? toEnd : 0);
        return functionNamedAt(index, s.sectionIndex(), off);
    }

    /** R_X86_64_PC32, R_X86_64_PLT32, R_X86_64_PC64: the field holds target - field address. */
    private static boolean pcRelative(int type) {
        return type == 2 || type == 4 || type == 24;
    }

    private static long key(int section, long offset) {
        return ((long) section << 40) | (offset & ((1L << 40) - 1));
    }

    private static Optional<CodeReferences> build(KernelObject object) {
        ElfImage image = object.image();
        CodeIndex index = CodeIndex.of(image);
        List<Symbol> symbols = image.symbols();
        Map<Long, Symbol> entries = new HashMap<>();
        Map<Integer, List<Symbol>> functionsBySection = new HashMap<>();
        for (Symbol s : symbols) {
            if (s.isFunction() && !s.isUndefined() && s.sectionIndex() < Symbol.SHN_LORESERVE && s.sectionIndex() < image.sections().size()) {
                entries.putIfAbsent(key(s.sectionIndex(), index.offsetInSection(s)), s);
                functionsBySection.computeIfAbsent(s.sectionIndex(), k -> new ArrayList<>()).add(s);
            }
        }
        boolean anyCode = image.sections().stream().anyMatch(s -> s.isExecutable() && s.occupiesFile() && s.size() > 0);
        if (!anyCode) {
            return Optional.empty();
        }
        Builder b = new Builder(object, index, entries);
        for (Section rel : image.sections()) {
            if (rel.isRelocation() && !rel.isDebug() && rel.info() > 0 && rel.info() < image.sections().size()) {
                Section target = image.section((int) rel.info());
                if (target.isAlloc() && !target.isExecutable() && !isTableOfLocations(target.name())) {
                    for (Relocation r : image.relocations(rel)) {
                        long site = r.offset();
                        b.relocated(target, site, r, 0, "", Kind.ADDRESS, false, "");
                    }
                }
            }
        }
        Set<Integer> incomplete = new HashSet<>();
        for (Section sec : image.sections()) {
            if (!sec.isExecutable() || !sec.isAlloc()) {
                continue;
            }
            if (!sec.occupiesFile()) {
                incomplete.add(sec.index());
                continue;
            }
            List<Symbol> fns = functionsBySection.getOrDefault(sec.index(), List.of());
            for (Symbol fn : fns) {
                if (entries.get(key(sec.index(), index.offsetInSection(fn))) != fn) {
                    continue; // an alias (init_module for foo_init): the same code, read once under its first name
                }
                if (!b.function(sec, fn)) {
                    incomplete.add(sec.index());
                }
            }
        }
        // relocations in code no function symbol covers (alternatives' replacements, assembly without a size)
        for (Section rel : image.sections()) {
            if (rel.isRelocation() && !rel.isDebug() && rel.info() > 0 && rel.info() < image.sections().size()) {
                Section target = image.section((int) rel.info());
                if (target.isAlloc() && target.isExecutable()) {
                    for (Relocation r : image.relocations(rel)) {
                        long site = r.offset();
                        if (!b.handled.contains(key(target.index(), site))) {
                            b.relocated(target, site, r, 4, b.containingFunction(target, site), Kind.ADDRESS, false, "");
                        }
                    }
                }
            }
        }
        return Optional.of(new CodeReferences(object, b.byTarget, incomplete, null));
    }

    /** Collects references while the object is read. */
    private static final class Builder {
        private final KernelObject object;
        private final ElfImage image;
        private final CodeIndex index;
        private final Map<Long, Symbol> entries;
        final Map<Long, List<Reference>> byTarget = new HashMap<>();
        final Set<Long> handled = new HashSet<>();

        Builder(KernelObject object, CodeIndex index, Map<Long, Symbol> entries) {
            this.object = object;
            this.image = object.image();
            this.index = index;
            this.entries = entries;
        }

        /** Decodes one function and records what its instructions reach; false when it does not decode. */
        boolean function(Section sec, Symbol fn) {
            long start = index.offsetInSection(fn);
            if (fn.size() <= 0 || fn.size() > (1 << 24) || start < 0 || start + fn.size() > sec.size()) {
                return fn.size() == 0; // a label, no code of its own
            }
            byte[] bytes = image.data(sec).bytes(start, (int) fn.size(), "code of " + fn.name());
            Optional<List<PlacedInstruction>> decoded = X86Decoder.decodeAll(bytes, start);
            if (decoded.isEmpty()) {
                return false;
            }
            List<PlacedInstruction> code = decoded.get();
            for (int i = 0; i < code.size(); i++) {
                PlacedInstruction p = code.get(i);
                X86Instruction x = p.insn();
                boolean found = false;
                for (long field : new long[] {p.dispAt(), p.immAt()}) {
                    if (field < 0) {
                        continue;
                    }
                    Optional<Relocation> r = index.relocationAt(sec.index(), field);
                    if (r.isPresent()) {
                        handled.add(key(sec.index(), field));
                        Kind kind = field == p.immAt() && x.isCall() ? Kind.CALL
                                : field == p.immAt() && x.relative() ? Kind.JUMP : Kind.ADDRESS;
                        relocated(sec, p.offset(), r.get(), p.end() - field, fn.name(), kind, writesRdi(x),
                                kind == Kind.ADDRESS ? nextCall(sec, code, i) : "");
                        found = true;
                    }
                }
                if (found) {
                    continue;
                }
                if (x.relative()) {
                    long t = p.branchTarget().getAsLong();
                    if (t < start || t >= start + fn.size()) {
                        add(sec.index(), t, new Reference(sec.name(), p.offset(), fn.name(), x.isCall() ? Kind.CALL : Kind.JUMP,
                                false, ""));
                    }
                }
            }
            return true;
        }

        /** A relocated field: {@code toEnd} is the distance from the field to the end of its instruction (0 for data). */
        void relocated(Section sec, long site, Relocation r, long toEnd, String from, Kind kind, boolean rdi, String next) {
            List<Symbol> symbols = image.symbols();
            if (r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size()) {
                return;
            }
            Symbol s = symbols.get(r.symbolIndex());
            if (s.isUndefined() || s.sectionIndex() >= Symbol.SHN_LORESERVE || s.sectionIndex() >= image.sections().size()) {
                return;
            }
            long off = index.offsetInSection(s) + r.addend() + (pcRelative(r.type()) ? toEnd : 0);
            add(s.sectionIndex(), off, new Reference(sec.name(), site, from, kind, rdi, next));
        }

        private void add(int section, long offset, Reference r) {
            long k = key(section, offset);
            if (entries.containsKey(k)) {
                byTarget.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            }
        }

        /** The function whose extent holds a site, or "". */
        String containingFunction(Section sec, long site) {
            return index.functionAt(sec.index(), site).map(Symbol::name).orElse("");
        }

        private String nextCall(Section sec, List<PlacedInstruction> code, int from) {
            for (int k = from + 1; k < code.size(); k++) {
                if (code.get(k).insn().isCall()) {
                    return calleeName(object, index, sec, code.get(k));
                }
            }
            return "";
        }
    }

    /** {@code lea m, %rdi}, {@code mov $imm32, %rdi} ({@code 48 c7 c7}), {@code mov $imm32, %edi} ({@code bf}). */
    private static boolean writesRdi(X86Instruction x) {
        if (x.map() != 0) {
            return false;
        }
        return x.opcode() == 0x8d && x.reg() == 7 || x.opcode() == 0xc7 && x.rmRegister() == 7
                || x.opcode() >= 0xb8 && x.opcode() <= 0xbf && x.opcodeRegister() == 7;
    }

    /** Init code and data: freed after boot or after the module's init ({@code .init.text}, {@code .init.data}, ...). */
    static boolean isInitSection(String name) {
        return name.startsWith(".init") || name.endsWith(".init");
    }

    /**
     * Sections that record code locations for the kernel's own tables, whose references make nothing call the function:
     * ftrace's records, ORC, alternatives, jump labels, static calls, return/call/retpoline sites, IBT seal, bug and
     * exception tables, the error-injection list, BTF ids, SMP locks, paravirt sites, CFI traps, dynamic debug and
     * printk index entries, kprobes' blacklist.
     */
    static boolean isTableOfLocations(String name) {
        return TABLES.contains(name) || name.startsWith(".discard") || name.startsWith(".orc_");
    }

    private static final Set<String> TABLES = Set.of("__mcount_loc", "__patchable_function_entries", ".return_sites",
            ".call_sites", ".retpoline_sites", ".ibt_endbr_seal", "__bug_table", "__ex_table", ".altinstructions",
            "__jump_table", ".static_call_sites", "_error_injection_whitelist", ".BTF_ids", ".smp_locks",
            ".parainstructions", ".kcfi_traps", "__dyndbg", ".printk_index", "_kprobe_blacklist", ".cfi_sites");
}
