package dev.klpscope.check;

import dev.klpscope.module.DebugFile;
import dev.klpscope.module.DebugFiles;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ObjectKind;
import dev.klpscope.module.types.BtfBase;
import dev.klpscope.module.types.BtfFiles;

import java.util.List;
import java.util.Optional;

/**
 * Where a candidate's types come from for the {@code var-layout} and prototype checks, in the order
 * {@link TypeSources} takes them: its BTF (its own {@code .BTF}, a module's read on the BTF of the vmlinux of its
 * kernel build), then its DWARF (its own {@code .debug_info}, else that of the debug file paired with it by GNU build
 * id). Told from section headers and the pairing alone, without reading either, so every candidate has one and the
 * report can say, for each, which source it had or that it had none; where a check did read them and they turned out
 * malformed, that is said instead, with the reader's message.
 *
 * @param btf       what BTF the candidate has
 * @param btfBase   for {@link BtfKind#SPLIT}: the base its split {@code .BTF} is read on (a vmlinux candidate, or a
 *                  {@code --btf-base} file); otherwise empty
 * @param dwarf     what DWARF the candidate has
 * @param debugFile for {@link DwarfKind#DEBUG_FILE}: the paired debug file as reports name it; otherwise empty
 * @param btfProblem   for {@link BtfKind#MALFORMED}: what the reader said (file, offset, what is wrong); else empty
 * @param dwarfProblem for {@link DwarfKind#MALFORMED}: what the reader said; otherwise empty
 */
public record TypeSourceInfo(BtfKind btf, String btfBase, DwarfKind dwarf, String debugFile, String btfProblem,
                             String dwarfProblem) {

    /** A candidate's BTF. */
    public enum BtfKind {
        /** A vmlinux's {@code .BTF}, or a module's that carries its own distilled {@code .BTF.base}. */
        OWN("own"),
        /**
         * A module's {@code .BTF} on its own distilled {@code .BTF.base}, relocated onto the vmlinux BTF of its
         * release ({@code btfBase}) as the kernel does at load, so kernel structs have their members.
         */
        RELOCATED("relocated"),
        /** A module's split {@code .BTF}, read on the vmlinux BTF of its build ({@code btfBase}). */
        SPLIT("split"),
        /** A module's split {@code .BTF} whose base (the vmlinux of its build, or {@code --btf-base}) was not given. */
        SPLIT_NO_BASE("split-no-base"),
        /** A module's split {@code .BTF} not read: the only bases given are of other releases ({@code btfBase} names them). */
        SPLIT_OTHER_RELEASE("split-other-release"),
        /** A {@code .BTF} (or the base it is read on) that a check read and found malformed. */
        MALFORMED("malformed"),
        /** No {@code .BTF} section. */
        NONE("none");

        private final String word;

        BtfKind(String word) {
            this.word = word;
        }

        /** As the JSON report spells it. */
        public String word() {
            return word;
        }
    }

    /** A candidate's DWARF. */
    public enum DwarfKind {
        /** Its own {@code .debug_info} (a {@code -dbg} vmlinux, an unstripped module). */
        OWN("own"),
        /** That of the debug file with its build id ({@code --debug-file}, a {@code -dbg} package, a tree). */
        DEBUG_FILE("debug-file"),
        /** Its own or its debug file's DWARF, which a check read and found malformed. */
        MALFORMED("malformed"),
        /** Neither. */
        NONE("none");

        private final String word;

        DwarfKind(String word) {
            this.word = word;
        }

        /** As the JSON report spells it. */
        public String word() {
            return word;
        }
    }

    public TypeSourceInfo {
        if (btf == null || btfBase == null || dwarf == null || debugFile == null || btfProblem == null
                || dwarfProblem == null) {
            throw new IllegalArgumentException("every part of a type source is given");
        }
    }

    /** Without problems: as the section headers and the pairing tell it. */
    public TypeSourceInfo(BtfKind btf, String btfBase, DwarfKind dwarf, String debugFile) {
        this(btf, btfBase, dwarf, debugFile, "", "");
    }

    /**
     * The type sources of {@code candidate} as {@link #of(KernelObject, List, List, DebugFiles)} tells them, with what
     * the checks found on reading them ({@code types}): BTF or DWARF that turned out malformed is said so.
     */
    static TypeSourceInfo of(KernelObject candidate, List<KernelObject> candidates, List<BtfBase> givenBases,
                             DebugFiles debugFiles, TypeSources types) {
        TypeSourceInfo told = of(candidate, candidates, givenBases, debugFiles);
        Optional<TypeSources.Source> btf = types.readBtf(candidate).filter(TypeSources.Source::malformed);
        Optional<TypeSources.DwarfSource> dwarf = types.readDwarf(candidate).filter(TypeSources.DwarfSource::malformed);
        if (btf.isEmpty() && dwarf.isEmpty()) {
            return told;
        }
        return new TypeSourceInfo(btf.isPresent() ? BtfKind.MALFORMED : told.btf(), btf.isPresent() ? "" : told.btfBase(),
                dwarf.isPresent() ? DwarfKind.MALFORMED : told.dwarf(), told.debugFile(),
                btf.map(TypeSources.Source::described).orElse(""), dwarf.map(TypeSources.DwarfSource::described).orElse(""));
    }

    /**
     * The type sources of {@code candidate}, among {@code candidates} (a module's base is the vmlinux candidate of its
     * release), with the {@code --btf-base} files and the debug files paired by build id.
     */
    static TypeSourceInfo of(KernelObject candidate, List<KernelObject> candidates, List<BtfBase> givenBases,
                             DebugFiles debugFiles) {
        BtfKind btf;
        String base = "";
        if (!BtfFiles.has(candidate.image())) {
            btf = BtfKind.NONE;
        } else if (!BtfFiles.needsBase(candidate.image(), candidate.kind() == ObjectKind.VMLINUX)) {
            btf = BtfKind.OWN;
            BaseChoice choice = candidate.kind() == ObjectKind.VMLINUX || candidate.image().section(".BTF.base").isEmpty()
                    ? new BaseChoice.None() : BaseChoice.of(candidate, candidates, givenBases);
            if (choice instanceof BaseChoice.Candidate c) {
                base = c.vmlinux().path();
            } else if (choice instanceof BaseChoice.Given g) {
                base = g.base().described();
            }
            btf = base.isEmpty() ? BtfKind.OWN : BtfKind.RELOCATED;
        } else {
            BaseChoice choice = BaseChoice.of(candidate, candidates, givenBases);
            if (choice instanceof BaseChoice.Candidate c) {
                base = c.vmlinux().path();
            } else if (choice instanceof BaseChoice.Given g) {
                base = g.base().described();
            } else if (choice instanceof BaseChoice.OtherRelease other) {
                base = other.why(candidate.release());
            }
            btf = base.isEmpty() ? BtfKind.SPLIT_NO_BASE
                    : choice instanceof BaseChoice.OtherRelease ? BtfKind.SPLIT_OTHER_RELEASE : BtfKind.SPLIT;
        }
        if (DebugFile.hasDwarf(candidate.image())) {
            return new TypeSourceInfo(btf, base, DwarfKind.OWN, "");
        }
        Optional<DebugFile> paired = debugFiles.fileOf(candidate);
        return paired.isPresent() ? new TypeSourceInfo(btf, base, DwarfKind.DEBUG_FILE, paired.get().reported())
                : new TypeSourceInfo(btf, base, DwarfKind.NONE, "");
    }

    /** Whether the candidate has any types to compare: BTF or DWARF that can be read. */
    public boolean any() {
        return btf == BtfKind.OWN || btf == BtfKind.RELOCATED || btf == BtfKind.SPLIT || dwarf == DwarfKind.OWN
                || dwarf == DwarfKind.DEBUG_FILE;
    }

    /**
     * One line for the reports: "BTF: own .BTF; DWARF: debug file X (paired by build id)", or "none found: …" with
     * what is missing, as the layout and prototype checks cannot be made without one; "BTF: malformed (FILE: what is
     * wrong (at offset 0x…))" where a check read it and could not.
     */
    public String described() {
        String btfPart = switch (btf) {
            case OWN -> "BTF: own .BTF";
            case RELOCATED -> "BTF: own .BTF, its distilled .BTF.base relocated onto " + btfBase + " .BTF";
            case SPLIT -> "BTF: .BTF on " + btfBase + " .BTF";
            case SPLIT_NO_BASE -> "BTF: split .BTF whose base (the vmlinux of its build, or --btf-base) was not given";
            case SPLIT_OTHER_RELEASE -> "BTF: split .BTF not read: no base of its release was given (" + btfBase + ")";
            case MALFORMED -> "BTF: malformed (" + btfProblem + ")";
            case NONE -> "no .BTF";
        };
        String dwarfPart = switch (dwarf) {
            case OWN -> "DWARF: own .debug_info";
            case DEBUG_FILE -> "DWARF: debug file " + debugFile + " (paired by build id)";
            case MALFORMED -> "DWARF: malformed (" + dwarfProblem + ")";
            case NONE -> "no DWARF and no debug file paired by build id";
        };
        return (any() ? "" : "none found (variable layouts and prototypes not compared): ") + btfPart + "; " + dwarfPart;
    }
}
