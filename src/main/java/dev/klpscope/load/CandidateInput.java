package dev.klpscope.load;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A file to read for a check, and where it came from when that is not the file itself: the package or tree a kernel
 * build was found in (a {@code .deb}, an installed {@code /lib/modules/RELEASE}). The origin is reported next to the
 * candidate's kernel build; a file named directly has none. Most inputs are candidates; a debug file
 * ({@code --debug-file}, a {@code -dbg} package's copy) and a {@code .build-id} folder only lend DWARF to the
 * candidates of their build id ({@code module.DebugSources}).
 */
public record CandidateInput(Path path, Optional<String> origin, Kind kind) {

    /** What the input is for. */
    public enum Kind {
        /** A module or vmlinux (a separate debug file among them is recognised by its content all the same). */
        OBJECT,
        /** A debug file, full or separate, lending its DWARF by build id: never a candidate. */
        DEBUG_FILE,
        /** A folder laid out as {@code /usr/lib/debug/.build-id}: {@code xx/yyyy….debug} by build id. */
        BUILD_ID_FOLDER,
        /**
         * The vmlinux of a release found in a package or tree whose patch does not patch vmlinux: the BTF base of
         * that release's modules ({@code module.types.BtfBase}), never a candidate.
         */
        BTF_BASE
    }

    public CandidateInput(Path path, Optional<String> origin) {
        this(path, origin, Kind.OBJECT);
    }

    public static CandidateInput of(Path path) {
        return new CandidateInput(path, Optional.empty());
    }

    public static CandidateInput from(Path path, String origin) {
        return new CandidateInput(path, Optional.of(origin));
    }

    /** {@code --debug-file FILE}. */
    public static CandidateInput debugFile(Path path) {
        return new CandidateInput(path, Optional.empty(), Kind.DEBUG_FILE);
    }

    /** How reports name it: its origin ({@code PACKAGE:MEMBER}), else the file. */
    public String reported() {
        return origin.orElse(path.toString());
    }
}
