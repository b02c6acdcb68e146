package dev.klpscope.livepatch;

import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.lint.KlpName;
import dev.klpscope.livepatch.lint.PatchProblem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code klp-object-unseen}: objects the kernel never sees. Its {@code klp_for_each_object_static}
 * ({@code for (obj = patch->objs; obj->funcs || obj->name; obj++)}, include/linux/livepatch.h of 6.1, 6.12 and
 * 7.3) stops at the first entry with neither {@code name} nor {@code funcs}, so a vmlinux object whose
 * {@code funcs} is NULL ends the array, and every entry after it is never initialised, so never patched. The same
 * holds for an object that only klp relocation sections name. A module object's {@code .klp.rela} sections are
 * written only by {@code klp_apply_object_relocs()} for initialised objects (kernel/livepatch/core.c), so never;
 * vmlinux's are still written at load ({@code apply_relocations()}, kernel/module/main.c, calls
 * {@code klp_apply_section_relocs} for them), as the recordings of vmlinux-object-nofuncs show (its
 * {@code .klp.sym} resolved, the function not patched). Nothing is printed. Only entries inside the array symbol
 * are looked at: past it lies other data.
 */
final class UnseenObjects {

    private UnseenObjects() {
    }

    /**
     * @param terminator the index of the first entry with neither name nor funcs
     * @param seen       the objects before it
     */
    static List<PatchProblem> find(Pointers ptr, int section, long start, int stride, int terminator,
                                   List<PatchObject> seen) {
        int p = ptr.pointerSize();
        List<PatchProblem> problems = new ArrayList<>();
        List<String> after = new ArrayList<>();
        Optional<Symbol> array = ptr.objectAt(section, start);
        if (array.isPresent()) {
            long end = start + Math.min(array.get().size(), ptr.image().section(section).size());
            for (long at = start + (long) (terminator + 1) * stride; at + stride <= end && after.size() < 256; at += stride) {
                if (ptr.has(section, at) || ptr.has(section, at + p)) {
                    after.add(ptr.has(section, at) ? ptr.at(section, at).flatMap(ptr::string).orElse("?") : "vmlinux");
                }
            }
        }
        String end = "objs[" + terminator + "]" + (ptr.callbacks(section, start + (long) terminator * stride + 2L * p).any()
                ? " (a vmlinux object with callbacks but NULL funcs)" : "");
        if (!after.isEmpty()) {
            problems.add(new PatchProblem("klp-object-unseen", PatchProblem.Level.SILENT, "the kernel's object array "
                    + "ends at " + end + ", which has neither name nor funcs: " + quoted(after) + " after it "
                    + (after.size() == 1 ? "is" : "are") + " never initialised, so never patched" + relocations(after)
                    + "; nothing is printed", ""));
        }
        if (seen.stream().anyMatch(o -> o.name().equals("?"))) {
            return problems; // an object whose name was not decoded might be the one the sections name
        }
        Set<String> onlySections = new LinkedHashSet<>();
        for (Section s : ptr.image().sections()) {
            Optional<KlpName.SectionName> n = s.hasFlag(Section.SHF_RELA_LIVEPATCH)
                    ? KlpName.parseSection(s.name()) : Optional.empty();
            if (n.isPresent() && !n.get().objectTruncated() && !after.contains(n.get().object())
                    && seen.stream().noneMatch(o -> o.name().equals(n.get().object()))) {
                onlySections.add(n.get().object());
            }
        }
        if (!onlySections.isEmpty()) {
            List<String> objects = List.copyOf(onlySections);
            problems.add(new PatchProblem("klp-object-unseen", PatchProblem.Level.SILENT, quoted(objects)
                    + (objects.size() == 1 ? " has" : " have") + " klp relocation sections but no klp_object in the "
                    + "kernel's object array (it ends at " + end + "): never initialised, so never patched"
                    + relocations(objects) + "; nothing is printed", ""));
        }
        return problems;
    }

    private static String quoted(List<String> objects) {
        return objects.stream().map(o -> "'" + o + "'").collect(Collectors.joining(", "));
    }

    private static String relocations(List<String> objects) {
        return objects.stream().anyMatch(o -> !o.equals("vmlinux"))
                ? ", and a module object's klp relocations are never written" : "";
    }
}
