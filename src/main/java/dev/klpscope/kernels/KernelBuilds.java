package dev.klpscope.kernels;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.SystemMapReader;

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
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Candidates from what users have: packages, installed trees, build folders and folders of any mix, turned into one
 * {@link FoundRelease} per kernel release with the objects a patch names.
 *
 * <p>Within a release, a shipped object is taken over an unstripped copy from {@code usr/lib/debug} (the kernel
 * loads the shipped one; Debian's {@code -dbg} copy has the same build id); two different shipped copies of one
 * object for one release are a problem, and neither is used. For vmlinux a vmlinux with its symbol table is taken
 * whenever the release has one; else its {@code System.map} ({@code boot/System.map-R}, {@code lib/modules/R/System.map},
 * a build folder's), which judges presence and sympos but no sizes, sections or code (the report says which checks
 * per candidate). Debian's {@code linux-image} ships a placeholder map: said in a problem line, naming the
 * {@code -dbg} package.
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
        return find(sources, objectNames, cache, SourceProgress.NONE);
    }

    /**
     * {@link #find(List, Set, ObjectCache)}, saying which folder or package it is at. An interrupt of the calling
     * thread stops it between folders, between packages and within a package's member copy (the package being read
     * stops at its next buffer), and nothing more is read: it then throws {@link CancellationException} with the
     * thread's interrupt status still set, and no partial result (a cancelled search adds nothing).
     */
    public static Discovery find(List<Path> sources, Set<String> objectNames, ObjectCache cache, SourceProgress progress) {
        Set<String> named = new TreeSet<>();
        objectNames.forEach(n -> named.add(n.replace('-', '_')));
        // Each release's vmlinux is searched for even when the patch does not patch vmlinux: it is the BTF base of
        // that release's modules (load.KernelCandidates hands it over as such, never as a candidate).
        Set<String> wanted = new TreeSet<>(named);
        wanted.add(MemberPath.VMLINUX);
        List<SourceResult> results = new ArrayList<>();
        List<Path> packages = new ArrayList<>();
        Set<String> foundInFolders = new TreeSet<>();
        List<Path> given = new ArrayList<>(new LinkedHashSet<>(sources));
        int folders = (int) given.stream().filter(Files::isDirectory).count();
        int folder = 0;
        for (Path source : given) {
            if (Files.isDirectory(source)) {
                stopIfInterrupted();
                progress.started(source, ++folder, folders);
                FolderScan.Contents contents = FolderScan.scan(source, wanted);
                progress.done(source, folder, folders);
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
        results.addAll(readPackages(new ArrayList<>(new LinkedHashSet<>(packages)), wanted, cache, progress));
        cache.trim();
        return group(results, named, foundInFolders);
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
    private static List<SourceResult> readPackages(List<Path> packages, Set<String> wanted, ObjectCache cache,
                                                   SourceProgress progress) {
        // Two at most: each xz decoder holds its dictionary (up to 72 MiB), and two already keep two cores busy.
        int threads = Math.max(1, Math.min(packages.size(), Math.min(2, Runtime.getRuntime().availableProcessors())));
        Thread caller = Thread.currentThread();
        int total = packages.size();
        if (threads <= 1) {
            List<SourceResult> out = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                out.add(readCounted(packages.get(i), i + 1, total, wanted, cache, progress, caller));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "klpscope-package");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SourceResult>> futures = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                Path p = packages.get(i);
                int number = i + 1;
                futures.add(pool.submit(() -> readCounted(p, number, total, wanted, cache, progress, caller)));
            }
            List<SourceResult> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                out.add(await(futures.get(i), packages.get(i)));
            }
            return out;
        } finally {
            pool.shutdownNow();
            awaitWorkers(pool);
        }
    }

    /**
     * Waits until every package task has stopped (an interrupted task stops at its next buffer), so that nothing
     * writes into the cache after the search returns or is cancelled; the caller's interrupt status is kept.
     */
    private static void awaitWorkers(ExecutorService pool) {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The result of one package, waited for without clearing the caller's interrupt status (parking, not a blocking
     * get), so a package task about to start still sees the interrupt and reads nothing.
     */
    private static SourceResult await(Future<SourceResult> future, Path pkg) {
        while (!future.isDone()) {
            stopIfInterrupted();
            LockSupport.parkNanos(future, 5_000_000L);
        }
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException c) {
                throw c;
            }
            return problem(pkg, "cannot be read: " + e.getCause());
        } catch (InterruptedException | CancellationException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while reading packages");
        }
    }

    /** One package between its progress calls; not started once {@code caller} (or this thread) is interrupted. */
    private static SourceResult readCounted(Path pkg, int number, int total, Set<String> wanted, ObjectCache cache,
                                            SourceProgress progress, Thread caller) {
        if (caller.isInterrupted() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted before " + pkg);
        }
        progress.started(pkg, number, total);
        SourceResult result = readPackage(pkg, wanted, cache);
        // Interrupted mid-read, the package says "cannot be read" (an interrupted channel closes): not its fault.
        if (caller.isInterrupted() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted while reading " + pkg);
        }
        progress.done(pkg, number, total);
        return result;
    }

    /** Stops the search when the calling thread was interrupted (its status stays set). */
    static void stopIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted while searching kernel packages");
        }
    }

    /** A kernel object given as a file: one the patch names by file name ({@code -}/{@code _}, compressed or not). */
    private static SourceResult looseFile(Path file, Set<String> wanted) {
        String path = file.toAbsolutePath().normalize().toString().substring(1);
        Optional<MemberPath.Match> match = MemberPath.match(path, wanted);
        if (match.isEmpty() && MemberPath.isSeparateDebug(file.getFileName().toString())) {
            // .build-id/xx/yyyy.debug: its name says no object; its build id pairs it when read.
            SourceResult result = new SourceResult(file.toString());
            result.hits.add(new Hit(new FoundObject("", file, new Origin.LooseFiles(file), Optional.empty(), true),
                    Optional.empty()));
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

    /**
     * Hits placed in builds by release; hits whose path says no release take the object's own vermagic or banner.
     * {@code wanted}: the patch's objects; when vmlinux is not among them, a vmlinux found is kept only as an ELF
     * file (a BTF base), never its {@code System.map} or symvers.
     */
    private static Discovery group(List<SourceResult> results, Set<String> wanted, Set<String> foundInFolders) {
        SourceResult all = new SourceResult("");
        results.forEach(all::addAll);
        Map<String, List<FoundObject>> symvers = SymversPairing.take(all.hits);
        if (!wanted.contains(MemberPath.VMLINUX)) {
            symvers.clear();
            all.hits.removeIf(h -> h.found().object().equals(MemberPath.VMLINUX) && isSystemMap(h.found()));
        }
        Map<String, List<FoundObject>> byRelease = new TreeMap<>(Releases.ORDER);
        Map<String, List<FoundObject>> vmlinuz = new TreeMap<>(Releases.ORDER);
        List<FoundObject> debugFiles = new ArrayList<>();
        for (Hit hit : all.hits) {
            if (hit.found().separateDebug()) {
                debugFiles.add(hit.found()); // paired by build id, whatever release it is of
                continue;
            }
            if (isVmlinuz(hit.found())) { // its release from its path, never a candidate
                hit.release().ifPresent(r -> vmlinuz.computeIfAbsent(r, k -> new ArrayList<>()).add(hit.found()));
                continue;
            }
            Optional<String> release = hit.release().or(() -> ownRelease(hit.found(), all));
            release.ifPresent(r -> byRelease.computeIfAbsent(r, k -> new ArrayList<>()).add(hit.found()));
        }
        List<FoundRelease> builds = new ArrayList<>();
        List<FoundObject> bases = new ArrayList<>();
        Set<String> releases = new TreeSet<>(Releases.ORDER);
        releases.addAll(byRelease.keySet());
        releases.addAll(vmlinuz.keySet());
        for (String release : releases) {
            Map<String, FoundObject> chosen = choose(release, byRelease.getOrDefault(release, List.of()), all, debugFiles);
            baseOf(release, chosen, wanted.contains(MemberPath.VMLINUX), vmlinuz.getOrDefault(release, List.of()))
                    .ifPresent(bases::add);
            if (!wanted.contains(MemberPath.VMLINUX)) {
                chosen.remove(MemberPath.VMLINUX); // found as the base of the release's modules only
            }
            if (chosen.isEmpty()) {
                continue;
            }
            if (chosen.containsKey(MemberPath.VMLINUX)) {
                SymversPairing.pair(chosen.get(MemberPath.VMLINUX), distinctContents(symvers.getOrDefault(release, List.of())), all);
            }
            Set<Origin> origins = new LinkedHashSet<>();
            chosen.values().forEach(f -> origins.add(f.origin()));
            builds.add(new FoundRelease(release, Releases.flavour(release),
                    origins.stream().sorted(Comparator.comparing(o -> o.path().toString())).toList(),
                    new TreeMap<>(chosen)));
        }
        Set<String> built = new TreeSet<>();
        builds.forEach(b -> built.add(b.release()));
        for (SourceResult r : results) {
            // A folder of packages holds headers, sources and tools too: those are said only when nothing was found.
            boolean quiet = !builds.isEmpty() && foundInFolders.contains(r.name);
            // a headers package's Module.symvers serves the exports of its release's System.map when vmlinux is wanted
            boolean none = r.hits.stream().noneMatch(h -> wanted.contains(h.found().object()) || h.found().separateDebug()
                    || bases.contains(h.found())
                    || h.found().object().equals(MemberPath.SYMVERS) && wanted.contains(MemberPath.VMLINUX));
            if (!quiet && none && r.problems.isEmpty() && !r.heldPackages && r.buildIdFolders.isEmpty()
                    && r.releasesSeen.stream().noneMatch(built::contains)) {
                all.problems.add(SourceProblem.of(r.name, "holds none of the patch's objects ("
                        + String.join(", ", wanted) + ")"));
            }
        }
        return new Discovery(builds, all.problems, debugFiles, all.buildIdFolders, bases);
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
     * rank are a problem, and none of them is used. Debug copies not taken (a shipped copy is there) go to
     * {@code debugFiles}: Debian's {@code -dbg} module is the shipped one with its DWARF kept, the same build id, and
     * lends that DWARF instead of being a second candidate of the same build.
     */
    private static Map<String, FoundObject> choose(String release, List<FoundObject> found, SourceResult all,
                                                   List<FoundObject> debugFiles) {
        Map<String, List<FoundObject>> byObject = new TreeMap<>();
        found.forEach(f -> byObject.computeIfAbsent(f.object(), k -> new ArrayList<>()).add(f));
        Map<String, FoundObject> chosen = new LinkedHashMap<>();
        byObject.forEach((object, sameObject) -> {
            List<FoundObject> copies = object.equals(MemberPath.VMLINUX) ? vmlinuxSource(release, sameObject, all) : sameObject;
            if (copies.isEmpty()) {
                return;
            }
            List<FoundObject> shipped = copies.stream().filter(f -> !f.debug()).toList();
            List<FoundObject> pool = shipped.isEmpty() ? copies : shipped;
            if (!shipped.isEmpty()) {
                copies.stream().filter(FoundObject::debug).forEach(debugFiles::add);
            }
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

    /**
     * The copies of vmlinux to choose among: those with symbols (a vmlinux file) when there is one, else the
     * {@code System.map}s (symbols without sizes, sections or code; {@code module.SymbolSource.SystemMap} says what
     * they cannot judge). Debian's placeholder map is none: said, naming the {@code -dbg} package.
     */
    private static List<FoundObject> vmlinuxSource(String release, List<FoundObject> copies, SourceResult all) {
        List<FoundObject> elf = copies.stream().filter(f -> !isSystemMap(f)).toList();
        if (!elf.isEmpty()) {
            return elf;
        }
        List<FoundObject> maps = copies.stream().filter(f -> !SystemMapReader.isPlaceholder(f.file())).toList();
        if (maps.isEmpty()) {
            all.problems.add(SourceProblem.about(copies.get(0), "is Debian's placeholder System.map, and no vmlinux "
                    + "of " + release + " was found: its vmlinux targets stay unchecked; add its -dbg package "
                    + "(usr/lib/debug/boot/vmlinux-" + release + ")"));
        }
        return maps;
    }

    /**
     * The vmlinux whose BTF is the base of {@code release}'s modules without being a candidate: the vmlinux chosen
     * when the patch does not patch vmlinux, else (no vmlinux with symbols, only a map or nothing) the release's
     * vmlinuz, its symbols stripped.
     */
    private static Optional<FoundObject> baseOf(String release, Map<String, FoundObject> chosen, boolean patchesVmlinux,
                                                List<FoundObject> vmlinuz) {
        FoundObject vmlinux = chosen.get(MemberPath.VMLINUX);
        if (vmlinux != null && !isSystemMap(vmlinux)) {
            return patchesVmlinux ? Optional.empty() : Optional.of(vmlinux);
        }
        List<FoundObject> distinct = distinctContents(vmlinuz);
        return distinct.size() == 1 ? Optional.of(distinct.get(0)) : Optional.empty();
    }

    /** A vmlinuz (bzImage) found for vmlinux: read for its BTF only. */
    static boolean isVmlinuz(FoundObject f) {
        return MemberPath.isVmlinuz(f.member().map(m -> m.substring(m.lastIndexOf('/') + 1))
                .orElse(f.file().getFileName().toString()));
    }

    /** A {@code System.map} found for vmlinux (cache copies keep the member's file name). */
    static boolean isSystemMap(FoundObject f) {
        return MemberPath.isSystemMap(f.file().getFileName().toString());
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
