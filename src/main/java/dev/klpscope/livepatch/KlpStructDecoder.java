package dev.klpscope.livepatch;

import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.lint.PatchProblem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Recovers the patched-function list of a samples-style livepatch: {@code struct klp_patch}, its
 * {@code klp_object[]} and their {@code klp_func[]} arrays in the module's data, found through the relocations
 * that fill their pointer fields (livepatch-format.md §2.1). Structure sizes vary with kernel version and
 * configuration, so the array stride is learned from the array symbol's size, not assumed.
 *
 * <p>Layout of the fields read (LP64), the same in the headers of 6.1, 6.12 and 7.3 (include/linux/livepatch.h;
 * 7.3 moved {@code struct klp_callbacks} to livepatch_external.h unchanged): {@code klp_patch {mod@0, objs@8,
 * states@16, replace@24}}, {@code klp_object {name@0, funcs@8, callbacks {pre_patch@16, post_patch@24,
 * pre_unpatch@32, post_unpatch@40}}}, {@code klp_func {old_name@0, new_func@8, old_sympos@16}},
 * {@code klp_state {id@0, version@8}} (24 bytes; ILP32: every pointer and {@code long} 4 bytes).
 *
 * <p>The object array is walked as the kernel walks it, {@code klp_for_each_object_static}: {@code for (obj =
 * patch->objs; obj->funcs || obj->name; obj++)} (include/linux/livepatch.h, the same in 6.1, 6.12 and 7.3). Hence
 * {@code klp-object-funcs}: a named object with NULL {@code funcs} makes {@code klp_enable_patch()} refuse the
 * patch (kernel/livepatch/core.c, 6.1.192 lines 1045-1048, 6.12.95 lines 1091-1094), while an unnamed (vmlinux)
 * one ends the array, and it and the objects after it are silently never patched ({@link UnseenObjects}).
 */
final class KlpStructDecoder {

    static final String SOURCE = "klp_patch structures";

    /** Sizes in Debian's 6.1 x86_64 build, used only when no array symbol gives the stride. */
    private static final int FALLBACK_OBJECT_SIZE = 168;
    private static final int FALLBACK_FUNC_SIZE = 152;

    /**
     * @param replaceField where {@code klp_patch.replace} lives, for finding the code that stores into it
     */
    record Result(List<PatchedFunction> functions, List<PatchObject> objects, List<PatchState> states,
                  Optional<Boolean> replace, ModuleCode.Place replaceField, List<PatchProblem> problems) {
    }

    /** The kernel's own bound on states is memory; this keeps a corrupt file's walk proportional to its section. */
    private static final int MAX_STATES = 4096;

    private final Pointers ptr;
    private final int p;
    private final List<PatchProblem> problems = new ArrayList<>();

    KlpStructDecoder(Pointers pointers) {
        this.ptr = pointers;
        this.p = pointers.pointerSize();
    }

    Optional<Result> decode() {
        for (Section s : ptr.image().sections()) {
            if (s.type() != Section.SHT_RELA || s.hasFlag(Section.SHF_RELA_LIVEPATCH) || s.isDebug()) {
                continue;
            }
            int target = (int) s.info();
            if (target <= 0 || target >= ptr.image().sections().size()) {
                continue;
            }
            for (Relocation r : ptr.image().relocations(s)) {
                Optional<Pointers.Target> t = ptr.at(target, r.offset());
                if (t.isEmpty() || !t.get().symbol().name().equals("__this_module")) {
                    continue;
                }
                Optional<Result> result = decodePatch(target, r.offset());
                if (result.isPresent()) {
                    return result;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Result> decodePatch(int section, long patchOffset) {
        Optional<Pointers.Target> objs = ptr.at(section, patchOffset + p);
        if (objs.isEmpty() || !objs.get().isDefined()) {
            return Optional.empty();
        }
        int objSection = objs.get().section();
        long objStart = objs.get().offset();
        int stride = stride(objSection, objStart, 2 * p, FALLBACK_OBJECT_SIZE, new int[]{0, p});
        List<PatchedFunction> functions = new ArrayList<>();
        List<PatchObject> objects = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            long at = objStart + (long) i * stride;
            boolean hasName = ptr.has(objSection, at);
            boolean hasFuncs = ptr.has(objSection, at + p);
            if (!hasName && !hasFuncs) {
                problems.addAll(UnseenObjects.find(ptr, objSection, objStart, stride, i, objects));
                break;
            }
            String object = hasName
                    ? ptr.at(objSection, at).flatMap(ptr::string).orElse("?")
                    : "vmlinux";
            Callbacks callbacks = ptr.callbacks(objSection, at + 2L * p);
            if (!hasFuncs) {
                // kernel/livepatch/core.c klp_enable_patch(), 6.1.192 lines 1045-1048, 6.12.95 lines 1091-1094:
                // klp_for_each_object_static(patch, obj) { if (!obj->funcs) return -EINVAL; } from the module's init
                problems.add(new PatchProblem("klp-object-funcs", PatchProblem.Level.REFUSED, "klp_object '" + object
                        + "' (objs[" + i + "]) has a name but no function array (funcs is NULL): klp_enable_patch() "
                        + "returns -EINVAL from the patch's init, before anything is enabled, and prints nothing "
                        + "(insmod: Invalid argument)", ""));
                objects.add(new PatchObject(object, 0, callbacks));
                continue;
            }
            Optional<Pointers.Target> funcs = ptr.at(objSection, at + p);
            if (funcs.isEmpty() || !funcs.get().isDefined()) {
                problems.add(new PatchProblem("klp-struct-decode", PatchProblem.Level.WARN,
                        "the function array of klp_object '" + object + "' lies outside the patch and is not decoded", ""));
                objects.add(new PatchObject(object, 0, callbacks));
                continue;
            }
            int before = functions.size();
            decodeFuncs(object, funcs.get().section(), funcs.get().offset(), functions);
            objects.add(new PatchObject(object, functions.size() - before, callbacks));
        }
        Optional<Boolean> replace = Optional.empty();
        Section patchSec = ptr.image().section(section);
        if (patchSec.occupiesFile() && patchOffset + 3L * p < patchSec.size()) {
            replace = Optional.of((ptr.image().data(patchSec).u8(patchOffset + 3L * p, "klp_patch.replace")) != 0);
        }
        return Optional.of(new Result(functions, objects, states(section, patchOffset + 2L * p), replace,
                new ModuleCode.Place(section, patchOffset + 3L * p), problems));
    }

    /** {@code klp_patch.states}: entries up to the one whose id is 0 ({@code klp_for_each_state}, kernel/livepatch/state.h). */
    private List<PatchState> states(int patchSection, long field) {
        Optional<Pointers.Target> states = ptr.at(patchSection, field);
        List<PatchState> out = new ArrayList<>();
        if (states.isEmpty() || !states.get().isDefined()) {
            return out;
        }
        int section = states.get().section();
        Section sec = ptr.image().section(section);
        int stride = 3 * p;
        for (long at = states.get().offset(); out.size() < MAX_STATES && sec.occupiesFile() && at >= 0
                && at + stride <= sec.size(); at += stride) {
            long id = ptr.word(section, at);
            if (id == 0) {
                break;
            }
            out.add(new PatchState(id, ptr.u32(section, at + p)));
        }
        return out;
    }

    private void decodeFuncs(String object, int section, long start, List<PatchedFunction> out) {
        int stride = stride(section, start, 3 * p, FALLBACK_FUNC_SIZE, new int[]{0, p});
        for (int i = 0; i < 4096; i++) {
            long at = start + (long) i * stride;
            boolean hasOld = ptr.has(section, at);
            boolean hasNew = ptr.has(section, at + p);
            long sympos = ptr.word(section, at + 2L * p);
            if (!hasOld && !hasNew && sympos == 0) {
                return;
            }
            String oldName = ptr.at(section, at).flatMap(ptr::string).orElse("?");
            String newFunc = ptr.at(section, at + p).flatMap(ptr::function).map(Symbol::name).orElse("?");
            out.add(new PatchedFunction(object, oldName, sympos, newFunc, OptionalLong.empty(), SOURCE));
        }
    }

    /**
     * The array stride: the smallest multiple of the pointer size, at least {@code minimum}, that divides the
     * array symbol's size such that every entry but the last has a relocation at one of the {@code required}
     * offsets (the kernel's own test for the end of the array: {@code obj->funcs || obj->name},
     * {@code func->old_name || func->new_func || func->old_sympos}) and the last (the terminator) has none.
     */
    private int stride(int section, long start, int minimum, int fallback, int[] required) {
        Optional<Symbol> array = ptr.objectAt(section, start);
        Section sec = ptr.image().section(section);
        // The symbol's size is only a claim: an array cannot extend past its section, whose size was checked
        // against the file, so the search below stays proportional to the file however large the claim.
        if (array.isPresent() && sec.occupiesFile() && start >= 0 && Long.compareUnsigned(array.get().size(), sec.size()) <= 0
                && array.get().size() <= sec.size() - start) {
            long size = array.get().size();
            for (long s = minimum; s <= size / 2; s += p) {
                if (size % s != 0) {
                    continue;
                }
                long n = size / s;
                if (fits(section, start, s, n, required)) {
                    return (int) s;
                }
            }
        }
        return fallback;
    }

    private boolean fits(int section, long start, long stride, long n, int[] required) {
        for (long i = 0; i < n - 1; i++) {
            final long entry = start + i * stride;
            if (Arrays.stream(required).noneMatch(r -> ptr.has(section, entry + r))) {
                return false;
            }
        }
        long last = start + (n - 1) * stride;
        return !ptr.anyIn(section, last, last + stride);
    }
}
