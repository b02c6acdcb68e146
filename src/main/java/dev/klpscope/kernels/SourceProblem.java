package dev.klpscope.kernels;

import java.util.Optional;

/**
 * Why a source (a package, folder or file given as candidates), or one member of it, gave no candidate: one line
 * naming both, so that a run over eleven packages says which one and where, and goes on with the others.
 *
 * @param source the path as given
 * @param member the archive member or file inside a folder, when the problem is about one
 * @param message what is wrong, in words
 */
public record SourceProblem(String source, Optional<String> member, String message) {

    static SourceProblem of(String source, String message) {
        return new SourceProblem(source, Optional.empty(), message);
    }

    static SourceProblem at(String source, String member, String message) {
        return new SourceProblem(source, Optional.of(member), message);
    }

    /** About one object found: the package and its member, or the file. */
    static SourceProblem about(FoundObject found, String message) {
        return found.member().isPresent()
                ? new SourceProblem(found.origin().path().toString(), found.member(), message)
                : of(found.file().toString(), message);
    }

    /** {@code PKG: member M: message}, or {@code PKG: message}. */
    public String line() {
        return source + member.map(m -> ": member " + m).orElse("") + ": " + message;
    }
}
