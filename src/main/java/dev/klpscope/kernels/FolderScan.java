package dev.klpscope.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A folder given as candidates: an installed tree ({@code /lib/modules/RELEASE}, {@code /usr/lib/debug}), a kernel
 * build folder, a folder of packages, or any mix. Files are read where they are (nothing is copied); packages found
 * inside are handed back to be read as packages. Symbolic links to folders are not followed (an installed tree's
 * {@code lib/modules/R/build} points into the headers), and the walk stops {@link #MAX_DEPTH} levels down.
 */
final class FolderScan {

    static final int MAX_DEPTH = 16;
    /** gdb's layout of separate debug files: {@code usr/lib/debug/.build-id/xx/yyyy….debug}. */
    private static final String BUILD_ID = ".build-id";
    private static final String KERNEL_RELEASE = "include/config/kernel.release";

    private FolderScan() {
    }

    /** What a folder holds: objects read in place, and the packages inside it. */
    record Contents(SourceResult result, List<Path> packages) {
    }

    static Contents scan(Path root, Set<String> wanted) {
        SourceResult result = new SourceResult(root.toString());
        List<Path> packages = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    // Thousands of links named by build id: looked up for the candidates' ids, never walked.
                    if (dir.getFileName() != null && dir.getFileName().toString().equals(BUILD_ID)) {
                        result.buildIdFolders.add(dir);
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isSymbolicLink() && !Files.isRegularFile(file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isDirectory()) {
                        return FileVisitResult.CONTINUE; // at MAX_DEPTH
                    }
                    String name = file.getFileName().toString();
                    if (attrs.isSymbolicLink() && (MemberPath.isSystemMap(name) || MemberPath.isSymvers(name))) {
                        return FileVisitResult.CONTINUE; // /boot/System.map -> System.map-R: the file itself is there
                    }
                    if (KernelBuilds.packageKind(file).isPresent()) {
                        packages.add(file);
                        return FileVisitResult.CONTINUE;
                    }
                    classify(root, file, wanted, result);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    result.problems.add(SourceProblem.at(root.toString(), root.relativize(file).toString(),
                            "cannot be read: " + e.getMessage()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            result.problems.add(SourceProblem.of(root.toString(), "cannot be read: " + e.getMessage()));
        }
        packages.sort(null);
        return new Contents(result, packages);
    }

    /** One file of the folder: an object the patch names (a System.map for vmlinux too), or nothing. */
    private static void classify(Path root, Path file, Set<String> wanted, SourceResult result) {
        // The absolute path, so that /lib/modules/R given as the root still says its release.
        String path = file.toAbsolutePath().normalize().toString().substring(1);
        Optional<MemberPath.Match> match = MemberPath.match(path, wanted);
        if (match.isEmpty()) {
            return;
        }
        MemberPath.Match m = match.get();
        Optional<Path> buildFolder = buildFolderOf(root, file);
        Origin origin;
        Optional<String> release = m.release();
        if (release.isPresent()) {
            origin = new Origin.InstalledTree(root);
        } else if (buildFolder.isPresent()) {
            origin = new Origin.BuildFolder(buildFolder.get());
            release = readRelease(buildFolder.get().resolve(KERNEL_RELEASE));
        } else {
            origin = new Origin.LooseFiles(root);
        }
        release.ifPresent(result.releasesSeen::add);
        result.hits.add(new Hit(new FoundObject(m.object(), file, origin, Optional.empty(), m.debug()), release));
    }

    /** The nearest folder from {@code file} up to {@code root} that holds {@code include/config/kernel.release}. */
    private static Optional<Path> buildFolderOf(Path root, Path file) {
        for (Path dir = file.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(KERNEL_RELEASE))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> readRelease(Path file) {
        try {
            if (Files.size(file) > 256) {
                return Optional.empty();
            }
            String release = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return Releases.plausible(release) ? Optional.of(release) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
