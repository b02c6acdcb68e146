package dev.klpscope.kernels;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One object of a kernel build, ready to be read.
 *
 * @param object the object's name as a patch names it ({@code vmlinux}, or a module name with underscores)
 * @param file   where to read it: the file itself for folders, the verified cache copy for packages
 * @param origin the source it came from
 * @param member the archive member it was copied out of (packages only)
 * @param debug  a copy from a debug-info tree ({@code usr/lib/debug}): unstripped, taken only when no shipped copy
 *               of the same build is there
 */
public record FoundObject(String object, Path file, Origin origin, Optional<String> member, boolean debug) {

    /** A separate debug file by its name ({@code .ko.debug}, {@code .build-id/xx/yyyy.debug}): never a candidate. */
    public boolean separateDebug() {
        return MemberPath.isSeparateDebug(member.orElse(file.getFileName().toString()));
    }

    /** Where it came from, for messages: {@code PKG: member M} or the file. */
    public String describe() {
        return member.map(m -> origin.path() + ": member " + m).orElse(file.toString());
    }
}
