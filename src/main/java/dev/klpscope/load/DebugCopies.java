package dev.klpscope.load;

import dev.klpscope.module.DebugFile;
import dev.klpscope.module.KernelObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Debian's {@code -dbg} copies among the candidates: a module or vmlinux under {@code usr/lib/debug} (found in a
 * {@code -dbg} package or tree, or given) is the shipped build with its DWARF kept, the same GNU build id. Where a
 * candidate not under {@code usr/lib/debug} has its build id, the copy is that candidate's debug file, not a second
 * candidate of the same build (which would also be taken as the baseline, as a stripped one has no DWARF);
 * {@code kernels.KernelBuilds} does the same within one release, this across everything given. A copy with no
 * match stays a candidate: Debian ships vmlinux only in the {@code -dbg} package.
 */
final class DebugCopies {

    private DebugCopies() {
    }

    /** Whether a candidate, as reported ({@code PACKAGE:MEMBER} or its file), lies under {@code usr/lib/debug}. */
    static boolean underDebugTree(String reported) {
        return reported.startsWith("usr/lib/debug/") || reported.contains("/usr/lib/debug/")
                || reported.contains(":usr/lib/debug/");
    }

    /**
     * {@code read} with each copy under {@code usr/lib/debug} whose build id one of {@code read}'s other candidates or
     * {@code others} (candidates already loaded) has, and that has DWARF, turned into a {@link LoadedFile.Debug}.
     */
    static List<LoadedFile> pair(List<LoadedFile> read, Collection<KernelObject> others) {
        List<String> shippedIds = new ArrayList<>();
        others.stream().filter(o -> !underDebugTree(o.path())).forEach(o -> o.buildId().ifPresent(shippedIds::add));
        read.stream().flatMap(f -> f instanceof LoadedFile.Candidate c ? java.util.stream.Stream.of(c.object())
                : java.util.stream.Stream.empty()).filter(o -> !underDebugTree(o.path()))
                .forEach(o -> o.buildId().ifPresent(shippedIds::add));
        List<LoadedFile> out = new ArrayList<>();
        for (LoadedFile f : read) {
            out.add(f instanceof LoadedFile.Candidate c ? asDebugFile(c, shippedIds).orElse(f) : f);
        }
        return out;
    }

    private static Optional<LoadedFile> asDebugFile(LoadedFile.Candidate c, List<String> shippedIds) {
        KernelObject o = c.object();
        if (!underDebugTree(o.path()) || o.buildId().filter(shippedIds::contains).isEmpty()
                || !DebugFile.hasDwarf(o.image())) {
            return Optional.empty();
        }
        return Optional.of(new LoadedFile.Debug(c.path(), DebugFile.of(fileOf(c), o.path(), o.image())));
    }

    /** The file to open again for its DWARF: the one read (a package member's cache copy), whatever it is reported as. */
    private static java.nio.file.Path fileOf(LoadedFile.Candidate c) {
        return java.nio.file.Path.of(c.object().image().file());
    }
}
