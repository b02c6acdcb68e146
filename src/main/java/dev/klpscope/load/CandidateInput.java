package dev.klpscope.load;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A candidate file to read, and where it came from when that is not the file itself: the package or tree a kernel
 * build was found in (a {@code .deb}, an installed {@code /lib/modules/RELEASE}). The origin is reported next to the
 * candidate's kernel build; a file named directly has none.
 */
public record CandidateInput(Path path, Optional<String> origin) {

    public static CandidateInput of(Path path) {
        return new CandidateInput(path, Optional.empty());
    }

    public static CandidateInput from(Path path, String origin) {
        return new CandidateInput(path, Optional.of(origin));
    }
}
