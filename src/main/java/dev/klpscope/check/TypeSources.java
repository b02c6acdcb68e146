package dev.klpscope.check;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.module.DebugFiles;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ObjectKind;
import dev.klpscope.module.types.Btf;
import dev.klpscope.module.types.BtfFiles;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each object of one inspection gets its types: its own {@code .BTF}, on the BTF of the vmlinux of the same
 * kernel build for a module (a vmlinux candidate of the same release, or a base given with {@code --btf-base}),
 * unless it carries its own distilled {@code .BTF.base}. BTF is read once per object and only when a variable
 * layout is checked; a malformed one is a reason for not checking, naming the file, not a failure of the run.
 */
final class TypeSources {

    /**
     * @param btf        the object's types, when they could be read
     * @param carriesBtf whether the object has a {@code .BTF} at all
     * @param described  where the types come from ("sch_codel.ko .BTF on vmlinux-6.1.0-57 .BTF"), or why there are none
     */
    record Source(Optional<Btf> btf, boolean carriesBtf, String described) {
    }

    private final List<KernelObject> candidates;
    private final List<Btf> givenBases;
    private final Map<String, Source> cache = new ConcurrentHashMap<>();
    private final Map<String, Optional<Btf>> vmlinuxBtf = new ConcurrentHashMap<>();

    private final DebugFiles debugFiles;

    private TypeSources(List<KernelObject> candidates, List<Btf> givenBases, DebugFiles debugFiles) {
        this.candidates = candidates;
        this.givenBases = givenBases;
        this.debugFiles = debugFiles;
    }

    /** {@code givenBases}: base BTF the user gave ({@code --btf-base}: raw BTF files or vmlinux ELF files), already read. */
    static TypeSources of(List<KernelObject> candidates, List<Btf> givenBases) {
        return of(candidates, givenBases, DebugFiles.NONE);
    }

    /** As above; {@code debugFiles}: separate debug files whose DWARF describes a candidate with the same build id. */
    static TypeSources of(List<KernelObject> candidates, List<Btf> givenBases, DebugFiles debugFiles) {
        return new TypeSources(List.copyOf(candidates), List.copyOf(givenBases), debugFiles);
    }

    Source of(KernelObject o) {
        return cache.computeIfAbsent(o.path(), p -> read(o));
    }

    private Source read(KernelObject o) {
        boolean carries = BtfFiles.has(o.image());
        if (!carries) {
            return new Source(Optional.empty(), false, o.path() + " has no .BTF");
        }
        try {
            if (o.kind() == ObjectKind.VMLINUX || !BtfFiles.needsBase(o.image(), false)) {
                Btf btf = own(o).orElseThrow();
                return new Source(Optional.of(btf), true, o.path() + " " + btf.what());
            }
            Optional<KernelObject> vmlinux = vmlinuxOf(o);
            if (vmlinux.isPresent()) {
                Optional<Btf> base = own(vmlinux.get());
                if (base.isPresent()) {
                    return new Source(BtfFiles.of(o.image(), base.get()), true, o.path() + " .BTF on " + vmlinux.get().path() + " .BTF");
                }
            }
            if (givenBases.size() == 1) {
                Btf base = givenBases.get(0);
                return new Source(BtfFiles.of(o.image(), base), true, o.path() + " .BTF on " + base.file() + " (--btf-base)");
            }
            return new Source(Optional.empty(), true, o.path() + "'s .BTF is split on the BTF of the vmlinux of "
                    + o.release().orElse("its kernel build") + ", which was not given: add that vmlinux (the -dbg one) as a "
                    + "candidate, or give --btf-base");
        } catch (MalformedInputException e) {
            return new Source(Optional.empty(), true, e.getMessage());
        }
    }

    private Optional<Btf> own(KernelObject vmlinux) {
        return vmlinuxBtf.computeIfAbsent(vmlinux.path(), p -> BtfFiles.of(vmlinux.image(), null));
    }

    /** The vmlinux candidate of the module's kernel release that carries BTF. */
    private Optional<KernelObject> vmlinuxOf(KernelObject module) {
        Optional<String> release = module.release();
        if (release.isEmpty()) {
            return Optional.empty();
        }
        return candidates.stream().filter(c -> c.kind() == ObjectKind.VMLINUX && c.release().equals(release)
                && BtfFiles.has(c.image())).findFirst();
    }
}
