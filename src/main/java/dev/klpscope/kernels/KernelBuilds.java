package dev.klpscope.kernels;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.module.KernelObjectReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Candidates from what users have: packages, installed trees, build folders and folders of any mix, turned into one
 * {@link KernelBuild} per kernel release with the objects a patch names.
 *
 * <p>Within a release, a shipped object is taken over an unstripped copy from {@code usr/lib/debug} (the kernel
 * loads the shipped one; Debian's {@code -dbg} copy has the same build id); two different shipped copies of one
 * object for one release are a problem, and neither is used. For vmlinux only a vmlinux with its symbol table is a
 * candidate: a {@code System.map} (symbol addresses and types, no sizes, sections, relocations or code) cannot
 * judge what klpscope judges, so a release that has only one is said in a problem line and its vmlinux targets stay
 * without a candidate.
 */
public final class KernelBuilds {

    private KernelBuilds() {
    }

    /**
     * Finds the kernel builds in {@code sources} holding objects named in {@code objectNames}.
     *
     * @param sources     packages ({@code .deb}, {@code .ddeb}, {@code .rpm}), folders, or kernel objects, as given
     * @param objectNames the objects the patch names: {@code vmlinux} and module names (dashes or underscores)
     * @param cache       where package members are copied to ({@link ObjectCache#userDefault()},
     *                    {@link ObjectCache#none()} for {@code --no-cache})
     * @return the builds sorted by release, and one problem line per source or member that gave nothing usable;
     *         never throws for bad input
     */
    public static Discovery find(List<Path> sources, Set<String> objectNames, ObjectCache cache) {
        Set<String> wanted = new TreeSet<>();
        objectNames.forEach(n -> wanted.add(n.replace('-', '_')));
        List<SourceResult> results = new ArrayList<>();
        List<Path> packages = new ArrayList<>();
        Set<String> foundInFolders = new TreeSet<>();
        for (Path source : new LinkedHashSet<>(sources)) {
            if (Files.isDirectory(source)) {
                FolderScan.Contents contents = FolderScan.scan(source, wanted);
                contents.result().heldPackages = !contents.packages().isEmpty();
                results.add(contents.result());
                packages.addAll(contents.packages());
                contents.packages().forEach(p -> foundInFolders.add(p.toString()));
            } else if (!Files.isRegularFile(source) || !Files.isReadable(source)) {
                results.add(problem(source, Files.exists(source) ? "is not a readable file or folder" : "does not exist"));
            } else if (packageKind(source).isPresent() || sniff(source).isPresent()) {
                packages.add(source);
            } else {
                results.add(looseFile(source, wanted));
            }
        }
        results.addAll(readPackages(new ArrayList<>(new LinkedHashSet<>(packages)), wanted, cache));
        cache.trim();
        return group(results, wanted, foundInFolders);
    }

    /** A package by its file name ({@code .deb}, {@code .ddeb}, {@code .udeb}, {@code .rpm}), as folders are walked. */
    public static Optional<Origin> packageKind(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".deb") || name.endsWith(".ddeb") || name.endsWith(".udeb")) {
            return Optional.of(new Origin.DebPackage(file));
        }
        return name.endsWith(".rpm") ? Optional.of(new Origin.RpmPackage(file)) : Optional.empty();
    }

    /** A package given by name whatever it is called: by its magic ({@code !<arch>}, the RPM lead). */
    private static Optional<Origin> sniff(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(8);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (Arrays.equals(head, DebReader.MAGIC)) {
            return Optional.of(new Origin.DebPackage(file));
        }
        return head.length >= 4 && Arrays.equals(Arrays.copyOf(head, 4), RpmHeader.LEAD_MAGIC)
                ? Optional.of(new Origin.RpmPackage(file)) : Optional.empty();
    }

    private static SourceResult readPackage(Path pkg, Set<String> wanted, ObjectCache cache) {
        Origin origin = sniff(pkg).or(() -> packageKind(pkg)).orElseThrow();
        return PackageScan.read(pkg, origin, wanted, cache);
    }

    /** Packages are read side by side (each is one decompression stream); results keep the order given. */
    private static List<SourceResult> readPackages(List<Path> packages, Set<String> wanted, ObjectCache cache) {
        // Two at most: each xz decoder holds its dictionary (up to 72 MiB), and two already keep two cores busy.
        int threads = Math.max(1, Math.min(packages.size(), Math.min(2, Runtime.getRuntime().availableProcessors())));
        if (threads <= 1) {
            return packages.stream().map(p -> readPackage(p, wanted, cache)).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "klpscope-package");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SourceResult>> futures = packages.stream()
                    .map(p -> pool.submit(() -> readPackage(p, wanted, cache))).toList();
            List<SourceResult> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    out.add(problem(packages.get(i), "cannot be read: " + e.getCause()));
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading packages", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A kernel object given as a file: one the patch names by file name ({@code -}/{@code _}, compressed or not). */
    private static SourceResult looseFile(Path file, Set<String> wanted) {
        String path = file.toAbsolutePath().normalize().toString().substring(1);
        Optional<MemberPath.Match> match = MemberPath.match(path, wanted);
        Optional<String> mapRelease = MemberPath.systemMapRelease(path);
        if (mapRelease.isPresent()) {
            SourceResult result = new SourceResult(file.toString());
            result.systemMaps.put(mapRelease.get(), SourceProblem.of(file.toString(), ""));
            result.releasesSeen.add(mapRelease.get());
            return result;
        }
        if (match.isEmpty()) {
            return problem(file, "is not a package (.deb, .rpm), a folder, or an object the patch names ("
                    + String.join(", ", wanted) + ")");
        }
        SourceResult result = new SourceResult(file.toString());
        result.hits.add(new Hit(new FoundObject(match.get().object(), file, new Origin.LooseFiles(file),
                Optional.empty(), match.get().debug()), match.get().release()));
        return result;
    }

    private static SourceResult problem(Path source, String message) {
        SourceResult r = new SourceResult(source.toString());
        r.problems.add(SourceProblem.of(source.toString(), message));
        return r;
    }

    /** Hits placed in builds by release; hits whose path says no release take the object's own vermagic or banner. */
    private static Discovery group(List<SourceResult> results, Set<String> wanted, Set<String> foundInFolders) {
        SourceResult all = new SourceResult("");
        results.forEach(all::addAll);
        Map<String, List<FoundObject>> byRelease = new TreeMap<>(Releases.ORDER);
        for (Hit hit : all.hits) {
            Optional<String> release = hit.release().or(() -> ownRelease(hit.found(), all));
            release.ifPresent(r -> byRelease.computeIfAbsent(r, k -> new ArrayList<>()).add(hit.found()));
        }
        List<KernelBuild> builds = new ArrayList<>();
        for (Map.Entry<String, List<FoundObject>> e : byRelease.entrySet()) {
            Map<String, FoundObject> chosen = choose(e.getKey(), e.getValue(), all);
            if (chosen.isEmpty()) {
                continue;
            }
            Set<Origin> origins = new LinkedHashSet<>();
            chosen.values().forEach(f -> origins.add(f.origin()));
            builds.add(new KernelBuild(e.getKey(), Releases.flavour(e.getKey()),
                    origins.stream().sorted(Comparator.comparing(o -> o.path().toString())).toList(),
                    new TreeMap<>(chosen)));
        }
        Set<String> built = new TreeSet<>();
        builds.forEach(b -> built.add(b.release()));
        if (wanted.contains(MemberPath.VMLINUX)) {
            all.systemMaps.forEach((release, where) -> {
                boolean hasVmlinux = builds.stream().anyMatch(b -> b.release().equals(release)
                        && b.objects().containsKey(MemberPath.VMLINUX));
                if (!hasVmlinux) {
                    all.problems.add(new SourceProblem(where.source(), where.member(), "only a System.map for " + release + ": klpscope cannot "
                            + "judge vmlinux from it (no symbol sizes, sections, relocations or code, and no CRCs); "
                            + "vmlinux targets of " + release + " stay unchecked: add its -dbg package or build's vmlinux"));
                }
            });
        }
        for (SourceResult r : results) {
            // A folder of packages holds headers, sources and tools too: those are said only when nothing was found.
            boolean quiet = !builds.isEmpty() && foundInFolders.contains(r.name);
            if (!quiet && r.hits.isEmpty() && r.problems.isEmpty() && !r.heldPackages
                    && r.releasesSeen.stream().noneMatch(built::contains)) {
                all.problems.add(SourceProblem.of(r.name, "holds none of the patch's objects ("
                        + String.join(", ", wanted) + ")"));
            }
        }
        return new Discovery(builds, all.problems);
    }

    /** The object's own release (a module's vermagic, a vmlinux's banner), or a problem line and nothing. */
    private static Optional<String> ownRelease(FoundObject found, SourceResult all) {
        try {
            Optional<String> release = KernelObjectReader.read(found.file()).release().filter(Releases::plausible);
            if (release.isEmpty()) {
                all.problems.add(SourceProblem.about(found, "says no kernel release (no vermagic or banner); "
                        + "give it as a candidate on its own"));
            }
            return release;
        } catch (MalformedInputException e) {
            all.problems.add(SourceProblem.about(found, e.problem()));
            return Optional.empty();
        }
    }

    /**
     * One copy per object: shipped before debug; copies with the same bytes are one; different copies of the same
     * rank are a problem, and none of them is used.
     */
    private static Map<String, FoundObject> choose(String release, List<FoundObject> found, SourceResult all) {
        Map<String, List<FoundObject>> byObject = new TreeMap<>();
        found.forEach(f -> byObject.computeIfAbsent(f.object(), k -> new ArrayList<>()).add(f));
        Map<String, FoundObject> chosen = new LinkedHashMap<>();
        byObject.forEach((object, copies) -> {
            List<FoundObject> shipped = copies.stream().filter(f -> !f.debug()).toList();
            List<FoundObject> pool = shipped.isEmpty() ? copies : shipped;
            List<FoundObject> distinct = distinctContents(pool);
            if (distinct.size() == 1) {
                chosen.put(object, distinct.get(0));
            } else {
                all.problems.add(SourceProblem.about(distinct.get(0), "another copy of " + object + " for "
                        + release + " differs (" + distinct.get(1).describe() + "); neither is used"));
            }
        });
        return chosen;
    }

    private static List<FoundObject> distinctContents(List<FoundObject> copies) {
        List<FoundObject> distinct = new ArrayList<>();
        for (FoundObject copy : copies) {
            boolean same = distinct.stream().anyMatch(d -> sameBytes(d.file(), copy.file()));
            if (!same) {
                distinct.add(copy);
            }
        }
        return distinct;
    }

    private static boolean sameBytes(Path a, Path b) {
        try {
            return Files.isSameFile(a, b) || Files.mismatch(a, b) == -1L;
        } catch (IOException e) {
            return false;
        }
    }
}
