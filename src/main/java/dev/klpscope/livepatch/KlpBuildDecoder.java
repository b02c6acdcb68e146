package dev.klpscope.livepatch;

import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Upstream klp-build modules (Linux 6.19 and later): {@code .init.klp_objects}, an array of
 * {@code struct klp_object_ext { name; funcs; callbacks; unsigned int nr_funcs; }} (include/linux/livepatch_external.h
 * in 7.3: callbacks' four pointers at 16…40; 64 bytes on LP64, no
 * name relocation for vmlinux) pointing into {@code .init.klp_funcs}
 * ({@code struct klp_func_ext { old_name; new_func; sympos; }}, 24 bytes). Early postings called the sections
 * {@code __klp_objects}/{@code __klp_funcs}; both are accepted (livepatch-format.md §2.3).
 */
final class KlpBuildDecoder {

    static final String SOURCE = ".init.klp_objects";

    private KlpBuildDecoder() {
    }

    /** The replaced functions and every object with its callbacks. */
    record Result(List<PatchedFunction> functions, List<PatchObject> objects) {
    }

    static Optional<Result> decode(Pointers ptr) {
        Optional<Section> table = ptr.image().section(".init.klp_objects").or(() -> ptr.image().section("__klp_objects"));
        if (table.isEmpty()) {
            return Optional.empty();
        }
        Section s = table.get();
        int p = ptr.pointerSize();
        // name, funcs, callbacks (4 pointers + bool, padded to a pointer), nr_funcs (u32), padded to a pointer:
        // nr_funcs at 56 of 64 bytes on LP64, at 28 of 32 on ILP32
        int countAt = 2 * p + (4 * p + p);
        int entry = (countAt + 4 + p - 1) / p * p;
        List<PatchedFunction> out = new ArrayList<>();
        List<PatchObject> objects = new ArrayList<>();
        for (long at = 0; at + entry <= s.size(); at += entry) {
            String object = ptr.has(s.index(), at) ? ptr.at(s.index(), at).flatMap(ptr::string).orElse("?") : "vmlinux";
            long count = ptr.u32(s.index(), at + countAt);
            Callbacks callbacks = ptr.callbacks(s.index(), at + 2L * p);
            Optional<Pointers.Target> funcs = ptr.at(s.index(), at + p);
            if (funcs.isEmpty() || !funcs.get().isDefined()) {
                objects.add(new PatchObject(object, 0, callbacks));
                continue;
            }
            objects.add(new PatchObject(object, (int) Math.min(count, 4096), callbacks));
            int fs = funcs.get().section();
            long f0 = funcs.get().offset();
            for (long i = 0; i < Math.min(count, 4096); i++) {
                long f = f0 + i * 3L * p;
                String old = ptr.at(fs, f).flatMap(ptr::string).orElse("?");
                String newFunc = ptr.at(fs, f + p).flatMap(ptr::function).map(Symbol::name).orElse("?");
                long sympos = ptr.word(fs, f + 2L * p);
                out.add(new PatchedFunction(object, old, sympos, newFunc, OptionalLong.empty(), SOURCE));
            }
        }
        return Optional.of(new Result(out, objects));
    }

}
