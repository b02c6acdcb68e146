package dev.klpscope.load;

import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.module.DebugFile;
import dev.klpscope.module.KernelObject;

import java.nio.file.Path;
import java.util.Optional;

/** A file read from disk, sorted by what it turned out to be ({@link Loading#classify}). Reading is slow. */
public sealed interface LoadedFile {

    Path path();

    record Patch(Path path, Livepatch livepatch) implements LoadedFile {
    }

    /** @param origin the package or tree it was found in ({@link CandidateInput#origin()}) */
    record Candidate(Path path, KernelObject object, Optional<String> origin) implements LoadedFile {

        public Candidate(Path path, KernelObject object) {
            this(path, object, Optional.empty());
        }
    }

    /** A debug file: lends its DWARF to the candidate of its build id, never a candidate itself. */
    record Debug(Path path, DebugFile file) implements LoadedFile {
    }

    /** A {@code .build-id} folder found in a tree, searched by the build ids of the candidates. */
    record DebugFolder(Path path) implements LoadedFile {
    }

    /**
     * Base BTF for module candidates' split {@code .BTF}, not a candidate: a raw BTF file or a vmlinuz given or
     * dropped as a candidate, or the vmlinux of a release found in a package or tree when the patch does not patch
     * vmlinux. {@code vmlinuz}: given as a candidate, a bzImage whose vmlinux has no symbols (its types only).
     */
    record Base(Path path, dev.klpscope.module.types.BtfBase base, boolean vmlinuz) implements LoadedFile {

        Base(Path path, dev.klpscope.module.types.BtfBase base) {
            this(path, base, false);
        }
    }

    /** @param problem one line naming the file and what is wrong with it */
    record Unusable(Path path, String problem) implements LoadedFile {
    }
}
