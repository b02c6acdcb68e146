package dev.klpscope.kernels;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The progress hook of {@link KernelBuilds#find(List, Set, ObjectCache, SourceProgress)} and its cancel, on the
 * packages of {@code samples/packages} (built from Debian's own {@code sch_codel.ko}).
 */
class KernelBuildsProgressTest {

    @TempDir
    Path tmp;

    static final Set<String> CODEL = Set.of("sch_codel");
    static final Path PACKAGES = SampleFiles.path("packages");
    static final List<Path> GIVEN = List.of(
            PACKAGES.resolve("linux-image-6.1.0-57-amd64_sample.deb"),
            PACKAGES.resolve("kernel-core-6.1.0-57-amd64.sample.rpm"),
            PACKAGES.resolve("linux-image-6.1.0-47-amd64_sample.deb"));

    /** One call of the hook. */
    record Event(String kind, Path source, int number, int total) {
    }

    /** Records every call, from whichever thread. */
    static class Recorder implements SourceProgress {
        final List<Event> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void started(Path source, int number, int total) {
            events.add(new Event("started", source, number, total));
        }

        @Override
        public void done(Path source, int number, int total) {
            events.add(new Event("done", source, number, total));
        }
    }

    ObjectCache cache() {
        return ObjectCache.at(tmp.resolve("cache"), ObjectCache.DEFAULT_MAX_BYTES);
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void givenPackagesAreNumberedInTheOrderGivenEachStartedBeforeDone() {
        Recorder r = new Recorder();
        Discovery d = KernelBuilds.find(GIVEN, CODEL, cache(), r);
        assertEquals(List.of(), d.problems());
        assertEquals(6, r.events.size(), r.events.toString());
        for (int i = 0; i < GIVEN.size(); i++) {
            Event started = new Event("started", GIVEN.get(i), i + 1, 3);
            Event done = new Event("done", GIVEN.get(i), i + 1, 3);
            assertTrue(r.events.contains(started) && r.events.contains(done), r.events.toString());
            assertTrue(r.events.indexOf(started) < r.events.indexOf(done), r.events.toString());
        }
    }

    @Test
    void folderFirstThenEveryPackageItHolds() throws IOException {
        List<Path> inFolder;
        try (Stream<Path> s = Files.list(PACKAGES)) {
            inFolder = s.filter(p -> p.toString().endsWith(".deb") || p.toString().endsWith(".rpm")).toList();
        }
        assertEquals(3, inFolder.size(), "samples/packages holds two .deb and one .rpm: " + inFolder);
        Recorder r = new Recorder();
        KernelBuilds.find(List.of(PACKAGES), CODEL, cache(), r);
        assertEquals(List.of(new Event("started", PACKAGES, 1, 1), new Event("done", PACKAGES, 1, 1)),
                r.events.subList(0, 2));
        List<Event> packages = r.events.subList(2, r.events.size());
        assertEquals(6, packages.size(), r.events.toString());
        for (Path p : inFolder) {
            List<Event> mine = packages.stream().filter(e -> e.source().equals(p)).toList();
            assertEquals(List.of("started", "done"), mine.stream().map(Event::kind).toList(), p.toString());
            assertEquals(mine.get(0).number(), mine.get(1).number());
            assertEquals(3, mine.get(0).total());
        }
        assertEquals(Set.of(1, 2, 3), Set.copyOf(packages.stream().map(Event::number).toList()));
    }

    /**
     * Cancel while the first package starts: the search throws, so nothing is added and no problem line is made for
     * any package (a cancelled search has no result to hold one); the third package is never started (the two
     * reading threads may both have begun before the interrupt, never a third).
     */
    @Test
    void interruptStopsBeforeTheRemainingPackages() {
        Thread caller = Thread.currentThread();
        Set<Thread> before = packageThreads(); // a window test's job from an earlier class may still be reading
        Recorder r = new Recorder() {
            @Override
            public void started(Path source, int number, int total) {
                super.started(source, number, total);
                if (number == 1) {
                    caller.interrupt();
                }
            }
        };
        assertThrows(CancellationException.class, () -> KernelBuilds.find(GIVEN, CODEL, cache(), r));
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status stays set for the caller");
        assertFalse(r.events.stream().anyMatch(e -> e.source().equals(GIVEN.get(2))), r.events.toString());
        assertTrue(r.events.contains(new Event("started", GIVEN.get(0), 1, 3)), r.events.toString());
        // Nothing reads or writes the cache once the search has given up (the folder is removed right after): the
        // cache is the same a moment later, and this search's threads, their tasks over, are gone within a second
        // (a pool's threads still exit for a moment after it has terminated).
        List<String> cached = listing(tmp.resolve("cache"));
        Thread.interrupted(); // asserted above; cleared so that this thread can wait below
        Set<Thread> after = packageThreads();
        after.removeAll(before);
        for (Thread t : after) {
            assertDoesNotThrow(() -> t.join(1000));
            assertFalse(t.isAlive(), "a package thread of this search still running: " + t);
        }
        assertEquals(cached, listing(tmp.resolve("cache")), "the cache changed after the search gave up");
    }

    private static List<String> listing(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.walk(dir)) {
            return files.map(f -> dir.relativize(f) + (Files.isRegularFile(f) ? " " + f.toFile().length() : "")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<Thread> packageThreads() {
        Set<Thread> out = new java.util.HashSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("klpscope-package") && t.isAlive())
                .forEach(out::add);
        return out;
    }

    /** Cancel within one package: interrupted as it starts, it copies no member into the cache and is never done. */
    @Test
    void interruptStopsInsideThePackageBeingRead() throws IOException {
        Recorder r = new Recorder() {
            @Override
            public void started(Path source, int number, int total) {
                super.started(source, number, total);
                Thread.currentThread().interrupt();
            }
        };
        assertThrows(CancellationException.class, () -> KernelBuilds.find(List.of(GIVEN.get(0)), CODEL, cache(), r));
        assertEquals(List.of(new Event("started", GIVEN.get(0), 1, 1)), r.events);
        Path cacheDir = tmp.resolve("cache");
        if (Files.exists(cacheDir)) {
            try (Stream<Path> s = Files.walk(cacheDir)) {
                assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".ko")).toList(), "no copy was made");
            }
        }
        // Without the interrupt the same package gives its module copy (the check above can fail).
        Thread.interrupted();
        Discovery d = KernelBuilds.find(List.of(GIVEN.get(0)), CODEL, cache(), SourceProgress.NONE);
        assertTrue(d.builds().get(0).objects().get("sch_codel").file().startsWith(cacheDir));
    }
}
