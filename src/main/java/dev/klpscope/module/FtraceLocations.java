package dev.klpscope.module;

import dev.klpscope.elf.ElfHeader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ftrace call sites of an object, as the kernel registers them: a module's {@code __mcount_loc} (or
 * {@code __patchable_function_entries} where the arch uses it for ftrace), each entry a relocation that points at the
 * {@code call __fentry__} (or its patchable NOPs); a linked vmlinux's {@code __start_mcount_loc} …
 * {@code __stop_mcount_loc} table of addresses ({@code ftrace_init()} / {@code ftrace_module_init()},
 * kernel/trace/ftrace.c).
 *
 * <p>{@code klp_patch_func()} (kernel/livepatch/patch.c, 6.1 and 6.12) asks {@code ftrace_location(old_func)}, which
 * takes a record at the entry or, for {@code sym+0}, any record within {@code [entry, entry + size - 1]}: so the
 * {@code call __fentry__} after x86-64's IBT {@code endbr64} (entry + 4) counts, as does any other padding the
 * compiler puts before it. No record in the function: not traceable ({@code notrace}, or a compiler that dropped
 * the call), and the patch is refused when it is enabled.
 */
public final class FtraceLocations {

    /** Key of the one table of a linked image, whose records are addresses rather than section offsets. */
    private static final int LINKED = -1;

    private final Map<Integer, long[]> bySection;
    private final String table;
    private final long before;

    /** {@code before}: how far ahead of the entry a record of the function may lie (patchable NOPs before it). */
    private FtraceLocations(Map<Integer, long[]> bySection, String table, long before) {
        this.bySection = bySection;
        this.table = table;
        this.before = before;
    }

    /** The object's ftrace records, or empty when the file does not hold its table (a reduced vmlinux, no ftrace). */
    public static Optional<FtraceLocations> of(KernelObject object) {
        return object.image().derived(Holder.class, i -> new Holder(read(i))).locations();
    }

    /** Which table the records were read from, for messages ({@code __mcount_loc}, ...). */
    public String table() {
        return table;
    }

    /** Whether a record falls within the defined function {@code fn}, as {@code ftrace_location(entry)} finds it. */
    public boolean traceable(Symbol fn) {
        long[] at = bySection.get(bySection.containsKey(LINKED) ? LINKED : fn.sectionIndex());
        if (at == null) {
            return false;
        }
        long end = fn.value() + Math.max(1, fn.size()); // size 0: only a record at the entry itself
        int i = Arrays.binarySearch(at, fn.value() - before);
        i = i < 0 ? -i - 1 : i;
        return i < at.length && at[i] < end;
    }

    private record Holder(Optional<FtraceLocations> locations) {
    }

    private static Optional<FtraceLocations> read(ElfImage image) {
        return image.header().type() == ElfHeader.ET_REL ? relocatable(image) : linked(image);
    }

    /**
     * A module: every relocation of its call-site table names a call site. The loader reads one table,
     * {@code FTRACE_CALLSITE_SECTION} (include/linux/ftrace.h, 6.1 and 6.12): {@code __patchable_function_entries}
     * where the arch makes its ftrace sites with {@code -fpatchable-function-entry} (arm64, riscv), else
     * {@code __mcount_loc}. x86-64 6.12 modules carry both: their {@code __patchable_function_entries} is the call
     * padding before each function, not ftrace's; a module with an {@code __mcount_loc} is read from it.
     */
    private static Optional<FtraceLocations> relocatable(ElfImage image) {
        Optional<Section> table = image.section(MCOUNT_LOC).or(() -> image.section(PATCHABLE));
        if (table.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, List<Long>> sites = new HashMap<>();
        List<Symbol> symbols = image.symbols();
        for (Section rel : image.sections()) {
            if (!rel.isRelocation() || rel.info() != table.get().index()) {
                continue;
            }
            for (Relocation r : image.relocations(rel)) {
                if (r.symbolIndex() <= 0 || r.symbolIndex() >= symbols.size()) {
                    continue;
                }
                Symbol s = symbols.get(r.symbolIndex());
                if (!s.isUndefined() && s.sectionIndex() < Symbol.SHN_LORESERVE) {
                    sites.computeIfAbsent(s.sectionIndex(), k -> new ArrayList<>()).add(s.value() + r.addend());
                }
            }
        }
        Map<Integer, long[]> bySection = new HashMap<>();
        sites.forEach((k, v) -> bySection.put(k, sorted(v)));
        // -fpatchable-function-entry=N,M puts M of the NOPs before the entry and the record at the first of them
        // (arm64 with CALL_OPS: 2 of 4); ftrace_call_adjust() moves it into the function, so it still counts
        long before = table.get().name().equals(PATCHABLE) ? 8 : 0;
        return Optional.of(new FtraceLocations(bySection, table.get().name(), before));
    }

    private static final String MCOUNT_LOC = "__mcount_loc";
    private static final String PATCHABLE = "__patchable_function_entries";

    /**
     * A linked vmlinux: the words between {@code __start_mcount_loc} and {@code __stop_mcount_loc} are the call
     * sites' link-time addresses (the {@code -dbg} vmlinux keeps the {@code .rela} beside them, values already
     * applied). Not there when the section holding them has no bytes in the file.
     */
    private static Optional<FtraceLocations> linked(ElfImage image) {
        Optional<LinkedRange> range = LinkedRange.of(image, "mcount_loc");
        Optional<Section> holder = range.flatMap(r -> r.section(image));
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        long from = range.get().from();
        Section s = holder.get();
        var data = image.data(s);
        boolean is64 = image.header().is64();
        int word = is64 ? 8 : 4;
        long[] at = new long[(int) ((range.get().to() - from) / word)];
        for (int i = 0; i < at.length; i++) {
            at[i] = data.word(from - s.address() + (long) i * word, is64, "__mcount_loc entry");
        }
        Arrays.sort(at);
        return Optional.of(new FtraceLocations(Map.of(LINKED, at), "__start_mcount_loc…__stop_mcount_loc", 0));
    }

    private static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
