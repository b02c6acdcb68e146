package dev.klpscope.livepatch;

import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * kpatch-built modules: {@code .kpatch.funcs}, an array of
 * {@code struct kpatch_patch_func { new_addr, new_size, old_addr, old_size, sympos; char *name, *objname; }}
 * (56 bytes on LP64). {@code old_size} is the build-time size of the replaced function: a free fingerprint
 * of the object the patch was built against (livepatch-format.md §2.2).
 */
final class KpatchFuncsDecoder {

    static final String SOURCE = ".kpatch.funcs";

    private KpatchFuncsDecoder() {
    }

    static Optional<List<PatchedFunction>> decode(Pointers ptr) {
        Optional<Section> funcs = ptr.image().section(".kpatch.funcs");
        if (funcs.isEmpty()) {
            return Optional.empty();
        }
        Section s = funcs.get();
        int p = ptr.pointerSize();
        int entry = 7 * p;
        List<PatchedFunction> out = new ArrayList<>();
        for (long at = 0; at + entry <= s.size(); at += entry) {
            String name = ptr.at(s.index(), at + 5L * p).flatMap(ptr::string).orElse("?");
            String object = ptr.at(s.index(), at + 6L * p).flatMap(ptr::string).orElse("vmlinux");
            String newFunc = ptr.at(s.index(), at).flatMap(ptr::function).map(Symbol::name).orElse("?");
            long oldSize = ptr.word(s.index(), at + 3L * p);
            long sympos = ptr.word(s.index(), at + 4L * p);
            out.add(new PatchedFunction(object, name, sympos, newFunc, OptionalLong.of(oldSize), SOURCE));
        }
        return Optional.of(out);
    }
}
