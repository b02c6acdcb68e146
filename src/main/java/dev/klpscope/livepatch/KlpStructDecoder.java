package dev.klpscope.livepatch;

import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Recovers the patched-function list of a samples-style livepatch: {@code struct klp_patch}, its
 * {@code klp_object[]} and their {@code klp_func[]} arrays in the module's data, found through the relocations
 * that fill their pointer fields (livepatch-format.md §2.1). Structure sizes vary with kernel version and
 * configuration, so the array stride is learned from the array symbol's size, not assumed.
 *
 * <p>Layout of the fields read (LP64): {@code klp_patch {mod@0, objs@8, states@16, replace@24}},
 * {@code klp_object {name@0, funcs@8}}, {@code klp_func {old_name@0, new_func@8, old_sympos@16}}.
 */
final class KlpStructDecoder {

    static final String SOURCE = "klp_patch structures";

    /** Sizes in Debian's 6.1 x86_64 build, used only when no array symbol gives the stride. */
    private static final int FALLBACK_OBJECT_SIZE = 168;
    private static final int FALLBACK_FUNC_SIZE = 152;

    record Result(List<PatchedFunction> functions, Optional<Boolean> replace, List<PatchProblem> problems) {
    }

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
        int stride = stride(objSection, objStart, 2 * p, FALLBACK_OBJECT_SIZE, new int[]{p});
        List<PatchedFunction> functions = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            long at = objStart + (long) i * stride;
            boolean hasName = ptr.has(objSection, at);
            boolean hasFuncs = ptr.has(objSection, at + p);
            if (!hasName && !hasFuncs) {
                break;
            }
            String object = hasName
                    ? ptr.at(objSection, at).flatMap(ptr::string).orElse("?")
                    : "vmlinux";
            Optional<Pointers.Target> funcs = ptr.at(objSection, at + p);
            if (funcs.isEmpty() || !funcs.get().isDefined()) {
                problems.add(new PatchProblem("klp-struct-decode", PatchProblem.Level.WARN,
                        "klp_object for '" + object + "' has no function array", ""));
                continue;
            }
            decodeFuncs(object, funcs.get().section(), funcs.get().offset(), functions);
        }
        Optional<Boolean> replace = Optional.empty();
        Section patchSec = ptr.image().section(section);
        if (patchSec.occupiesFile() && patchOffset + 3L * p < patchSec.size()) {
            replace = Optional.of((ptr.image().data(patchSec).u8(patchOffset + 3L * p, "klp_patch.replace")) != 0);
        }
        return Optional.of(new Result(functions, replace, problems));
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
     * array symbol's size such that every entry but the last has relocations at {@code required} offsets
     * and the last (the terminator) has none.
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
            for (int r : required) {
                if (!ptr.has(section, start + i * stride + r)) {
                    return false;
                }
            }
        }
        long last = start + (n - 1) * stride;
        return !ptr.anyIn(section, last, last + stride);
    }
}
