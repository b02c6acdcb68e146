package dev.klpscope.check;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.module.DebugFiles;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ObjectKind;
import dev.klpscope.module.types.Btf;
import dev.klpscope.module.types.BtfBase;
import dev.klpscope.module.types.BtfFiles;
import dev.klpscope.module.types.BtfType;
import dev.klpscope.module.types.DistilledBase;
import dev.klpscope.module.types.TypeGraph;
import dev.klpscope.module.types.dwarf.DwarfFile;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Symbol;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each object of one inspection gets its types: its own {@code .BTF}, on the BTF of the vmlinux of the same
 * kernel build for a module (a vmlinux candidate of the same release, or a base given with {@code --btf-base}),
 * unless it carries its own distilled {@code .BTF.base}; and its DWARF: its own {@code .debug_info} (a {@code -dbg}
 * vmlinux, an unstripped module or livepatch), else that of the separate debug file paired with it by build id
 * ({@link DebugFiles}). BTF and DWARF are read once per object and only when a layout or prototype is checked; a
 * malformed one is a reason for not checking, naming the file, not a failure of the run: a source that cannot be
 * opened is kept as {@code malformed} with the reader's message, and a unit that cannot be decoded marks the object's
 * DWARF so and is thrown on to the check, whose finding names it.
 */
final class TypeSources {

    /**
     * @param btf        the object's types, when they could be read
     * @param carriesBtf whether the object has a {@code .BTF} at all
     * @param described  where the types come from ("sch_codel.ko .BTF on vmlinux-6.1.0-57 .BTF"), or why there are none
     * @param malformed  the object's BTF (or its base's) is there but could not be read: {@code described} is the
     *                   reader's message, naming the file, the offset and what is wrong
     */
    record Source(Optional<Btf> btf, boolean carriesBtf, String described, boolean malformed) {
        Source(Optional<Btf> btf, boolean carriesBtf, String described) {
            this(btf, carriesBtf, described, false);
        }
    }

    private final List<KernelObject> candidates;
    private final List<BtfBase> givenBases;
    private final Map<String, Source> cache = new ConcurrentHashMap<>();
    private final Map<String, Optional<Btf>> vmlinuxBtf = new ConcurrentHashMap<>();

    private final DebugFiles debugFiles;
    private final Map<String, DwarfSource> dwarf = new ConcurrentHashMap<>();

    /**
     * @param file      the object's DWARF, when it has some and it could be opened
     * @param described where it comes from ("vmlinux .debug_info", "foo.ko's debug file foo.ko.debug .debug_info"),
     *                  or why there is none
     * @param malformed the DWARF is there but could not be read: {@code described} is the reader's message
     */
    record DwarfSource(Optional<DwarfFile> file, String described, boolean malformed) {
        DwarfSource(Optional<DwarfFile> file, String described) {
            this(file, described, false);
        }
    }

    /**
     * A variable's type as one object's types describe it.
     *
     * @param graph  the BTF, or the DWARF unit, holding the type
     * @param type   its id there
     * @param source what it was read from, for the finding ("vmlinux .BTF VAR", "vmlinux .debug_info (kernel/fork.c)")
     */
    record Typed(TypeGraph graph, int type, String source) {
    }

    private TypeSources(List<KernelObject> candidates, List<BtfBase> givenBases, DebugFiles debugFiles) {
        this.candidates = candidates;
        this.givenBases = givenBases;
        this.debugFiles = debugFiles;
    }

    /** {@code givenBases}: base BTF given ({@code --btf-base}, a raw BTF file, a release's vmlinux found), already read. */
    static TypeSources of(List<KernelObject> candidates, List<BtfBase> givenBases) {
        return of(candidates, givenBases, DebugFiles.NONE);
    }

    /** As above; {@code debugFiles}: separate debug files whose DWARF describes a candidate with the same build id. */
    static TypeSources of(List<KernelObject> candidates, List<BtfBase> givenBases, DebugFiles debugFiles) {
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
                Optional<Source> relocated = o.kind() == ObjectKind.VMLINUX ? Optional.empty() : relocated(o);
                if (relocated.isPresent()) {
                    return relocated.get();
                }
                Btf btf = own(o).orElseThrow();
                return new Source(Optional.of(btf), true, o.path() + " " + btf.what());
            }
            BaseChoice base = BaseChoice.of(o, candidates, givenBases);
            if (base instanceof BaseChoice.Candidate c) {
                Optional<Btf> btf = own(c.vmlinux());
                if (btf.isPresent()) {
                    return new Source(BtfFiles.of(o.image(), btf.get()), true, o.path() + " .BTF on " + c.vmlinux().path() + " .BTF");
                }
            }
            if (base instanceof BaseChoice.Given g) {
                return new Source(BtfFiles.of(o.image(), g.base().btf()), true, o.path() + " .BTF on " + g.base().described());
            }
            if (base instanceof BaseChoice.OtherRelease other) {
                return new Source(Optional.empty(), true, o.path() + "'s .BTF is split on the BTF of the vmlinux of "
                        + o.release().orElse("its kernel build") + ", and no base of that release was given ("
                        + other.why(o.release()) + "): add that vmlinux (the -dbg one) as a candidate, or give --btf-base");
            }
            return new Source(Optional.empty(), true, o.path() + "'s .BTF is split on the BTF of the vmlinux of "
                    + o.release().orElse("its kernel build") + ", which was not given: add that vmlinux (the -dbg one) as a "
                    + "candidate, or give --btf-base");
        } catch (MalformedInputException e) {
            return new Source(Optional.empty(), true, e.getMessage(), true);
        }
    }

    /**
     * A module's {@code .BTF} on its own distilled {@code .BTF.base}, relocated onto the BTF of the vmlinux of its
     * release where one is there (a candidate or a base given), as the kernel does at load (btf_relocate.c); empty
     * without a distilled base, without such a vmlinux, or where its types do not all match (then the distilled
     * base stays, its kernel structs opaque).
     */
    private Optional<Source> relocated(KernelObject o) {
        BaseChoice base = BaseChoice.of(o, candidates, givenBases);
        Optional<Btf> vmlinux = base instanceof BaseChoice.Candidate c ? own(c.vmlinux())
                : base instanceof BaseChoice.Given g ? Optional.of(g.base().btf()) : Optional.empty();
        String name = base instanceof BaseChoice.Candidate c ? c.vmlinux().path()
                : base instanceof BaseChoice.Given g ? g.base().described() : "";
        return vmlinux.flatMap(v -> BtfFiles.relocated(o.image(), v)).map(r -> new Source(Optional.of(r), true,
                o.path() + " .BTF relocated from its .BTF.base onto " + name + " .BTF"));
    }

    /** The object's DWARF, its own or its paired debug file's; opened once, lazily. */
    DwarfSource dwarfOf(KernelObject o) {
        return dwarf.computeIfAbsent(o.path(), p -> openDwarf(o));
    }

    private DwarfSource openDwarf(KernelObject o) {
        try {
            if (DwarfFile.has(o.image())) {
                return new DwarfSource(DwarfFile.of(o.image()), o.path() + " .debug_info");
            }
            Optional<java.nio.file.Path> paired = debugFiles.of(o);
            if (paired.isPresent()) {
                Optional<DwarfFile> f = DwarfFile.of(ElfImage.open(paired.get()));
                return new DwarfSource(f, f.isPresent() ? paired.get() + " .debug_info (paired with " + o.path() + " by build id)"
                        : "its debug file " + paired.get() + " has no .debug_info");
            }
            return new DwarfSource(Optional.empty(), o.path() + " has no DWARF and no debug file was paired with it");
        } catch (MalformedInputException e) {
            return new DwarfSource(Optional.empty(), e.getMessage(), true);
        }
    }

    /**
     * Records that {@code o}'s DWARF turned out malformed when a unit was read, so that later lookups and the type
     * source line say so, and passes the failure on to the check, whose finding names it.
     */
    private MalformedInputException unreadable(KernelObject o, MalformedInputException e) {
        dwarf.put(o.path(), new DwarfSource(Optional.empty(), e.getMessage(), true));
        return e;
    }

    /** {@code o}'s types as read so far, without reading them: for the type source line of the reports. */
    Optional<Source> readBtf(KernelObject o) {
        return Optional.ofNullable(cache.get(o.path()));
    }

    /** As {@link #readBtf}, its DWARF. */
    Optional<DwarfSource> readDwarf(KernelObject o) {
        return Optional.ofNullable(dwarf.get(o.path()));
    }

    /**
     * The type of the variable {@code symbol} defines in {@code o}: its BTF {@code VAR} where BTF encodes one, else the
     * DWARF variable at the symbol's address. Malformed DWARF is thrown, for the finding to name.
     */
    Optional<Typed> variable(KernelObject o, Symbol symbol, String name) {
        Source s = of(o);
        if (s.btf().isPresent()) {
            Btf btf = s.btf().get();
            Optional<BtfType.Variable> v = btf.variable(name);
            if (v.isPresent()) {
                Optional<String> opaque = DistilledBase.opaqueReached(btf, v.get().type());
                if (opaque.isPresent()) { // read as no members, every member would look removed: not compared
                    throw new MalformedInputException(o.path(), DistilledBase.why(opaque.get()) + ": its layout is not compared");
                }
                return Optional.of(new Typed(btf, v.get().type(), o.path() + " " + btf.what() + " VAR"));
            }
        }
        DwarfSource d = dwarfOf(o);
        if (d.file().isEmpty()) {
            return Optional.empty();
        }
        try {
            return d.file().get().variableAt(name, symbol.value()).map(t -> new Typed(t.types(), t.type(),
                    d.described() + " (" + t.types().unitName() + ")"));
        } catch (MalformedInputException e) {
            throw unreadable(o, e);
        }
    }

    /**
     * The variable {@code name} as the patch's own DWARF declares it ({@code extern}, reached by a klp relocation):
     * the type the patch's code was compiled against.
     */
    Optional<Typed> declared(KernelObject patch, String name) {
        DwarfSource d = dwarfOf(patch);
        if (d.file().isEmpty()) {
            return Optional.empty();
        }
        try {
            return d.file().get().variableNamed(name).map(t -> new Typed(t.types(), t.type(),
                    d.described() + " (" + t.types().unitName() + ")"));
        } catch (MalformedInputException e) {
            throw unreadable(patch, e);
        }
    }

    /** The function {@code symbol} defines in {@code o}, from its DWARF: a {@code BtfType.Function} in its unit. */
    Optional<Typed> function(KernelObject o, Symbol symbol, String name) {
        DwarfSource d = dwarfOf(o);
        if (d.file().isEmpty()) {
            return Optional.empty();
        }
        try {
            return d.file().get().functionAt(name, symbol.value()).map(t -> new Typed(t.types(), t.id(), d.described()));
        } catch (MalformedInputException e) {
            throw unreadable(o, e);
        }
    }

    private Optional<Btf> own(KernelObject vmlinux) {
        return vmlinuxBtf.computeIfAbsent(vmlinux.path(), p -> BtfFiles.of(vmlinux.image(), null));
    }
}
