package dev.klpscope.kernels;

import dev.klpscope.module.SystemMapReader;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A build's {@code System.map} and its exports file ({@code Module.symvers}, {@code symvers-R.gz}) brought together
 * where the map's reader looks for them: beside the map ({@link SystemMapReader#companion}). A map in a folder or
 * tree finds its own (beside it, or {@code /lib/modules/R/build/Module.symvers}) and is left as it is; a map copied
 * out of a package sits alone in its cache entry, so the symvers found for the same release (Debian's and Ubuntu's
 * {@code linux-headers}, the same RPM's {@code symvers.gz}) is linked beside the copy, and a link of an earlier run
 * is removed when this run found none: only what this run verified is ever read.
 */
final class SymversPairing {

    private SymversPairing() {
    }

    /** The symvers files of each release, taken out of the hits: they are never candidates. */
    static Map<String, List<FoundObject>> take(List<Hit> hits) {
        Map<String, List<FoundObject>> byRelease = new java.util.TreeMap<>();
        hits.removeIf(h -> {
            if (!h.found().object().equals(MemberPath.SYMVERS)) {
                return false;
            }
            h.release().ifPresent(r -> byRelease.computeIfAbsent(r, k -> new java.util.ArrayList<>()).add(h.found()));
            return true;
        });
        return byRelease;
    }

    /**
     * {@code vmlinux} as chosen for {@code release}; when it is a package's map, the first of {@code symvers} is
     * linked beside it (or copied, across file systems), replacing an earlier run's.
     */
    static void pair(FoundObject vmlinux, List<FoundObject> symvers, SourceResult all) {
        if (!KernelBuilds.isSystemMap(vmlinux) || vmlinux.member().isEmpty()) {
            return;
        }
        Path dir = vmlinux.file().getParent();
        try {
            removeEarlier(dir);
            if (symvers.isEmpty()) {
                return;
            }
            Path source = symvers.get(0).file();
            Path target = dir.resolve(source.getFileName());
            Path temp = dir.resolve(".pair-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
            Files.deleteIfExists(temp);
            try {
                Files.createLink(temp, source);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(source, temp);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            all.problems.add(SourceProblem.about(vmlinux, "its symvers (" + symvers.get(0).describe()
                    + ") cannot be placed beside it in the cache: " + e.getMessage() + "; exports are not judged"));
        }
    }

    /** Symvers files an earlier run linked beside a cached map (the copy's own entry holds nothing else of that name). */
    private static void removeEarlier(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (MemberPath.isSymvers(f.getFileName().toString())) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
