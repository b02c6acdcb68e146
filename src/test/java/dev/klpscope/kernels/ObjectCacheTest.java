package dev.klpscope.kernels;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache of copied members: reused only when verified, re-copied when tampered with, bounded, shareable. */
class ObjectCacheTest {

    @TempDir
    Path tmp;

    static final Path DEB = SampleFiles.path("packages/linux-image-6.1.0-57-amd64_sample.deb");
    static final Path V57 = SampleFiles.path("debian/v57/sch_codel.ko");

    Path codel(ObjectCache cache) {
        Discovery d = KernelBuilds.find(List.of(DEB), Set.of("sch_codel"), cache);
        assertEquals(List.of(), d.problems());
        return d.builds().get(0).objects().get("sch_codel").file();
    }

    @Test
    void secondRunReadsTheIndexAndTheVerifiedCopy() throws IOException {
        ObjectCache cache = ObjectCache.at(tmp, ObjectCache.DEFAULT_MAX_BYTES);
        Path first = codel(cache);
        Path index = first.getParent().getParent().resolve("index");
        assertEquals(List.of("lib/modules/6.1.0-57-amd64/kernel/net/sched/sch_codel.ko"), Files.readAllLines(index));
        long copied = Files.getLastModifiedTime(first).toMillis();
        Path second = codel(cache);
        assertEquals(first, second);
        assertEquals(copied, Files.getLastModifiedTime(second).toMillis(), "not copied again");
    }

    @Test
    void aTamperedCopyIsNeverUsed() throws IOException {
        ObjectCache cache = ObjectCache.at(tmp, ObjectCache.DEFAULT_MAX_BYTES);
        Path copy = codel(cache);
        byte[] bytes = Files.readAllBytes(copy);
        bytes[100] ^= 1;
        Files.write(copy, bytes);
        Path again = codel(cache);
        assertArrayEquals(Files.readAllBytes(V57), Files.readAllBytes(again), "copied again from the package");
    }

    @Test
    void anEntryIsFoundByTheBytesOfThePackageNotItsName() throws IOException {
        ObjectCache cache = ObjectCache.at(tmp.resolve("cache"), ObjectCache.DEFAULT_MAX_BYTES);
        Path renamed = Files.copy(DEB, tmp.resolve("other-name.deb"));
        Path a = codel(cache);
        Path b = KernelBuilds.find(List.of(renamed), Set.of("sch_codel"), cache).builds().get(0).objects()
                .get("sch_codel").file();
        assertEquals(a, b);
        Path v47 = KernelBuilds.find(List.of(SampleFiles.path("packages/linux-image-6.1.0-47-amd64_sample.deb")),
                Set.of("sch_codel"), cache).builds().get(0).objects().get("sch_codel").file();
        assertNotEquals(a.getParent().getParent(), v47.getParent().getParent());
    }

    @Test
    void leastRecentlyUsedEntriesGoBeyondTheBound() throws IOException {
        Path root = tmp.resolve("cache");
        codel(ObjectCache.at(root, ObjectCache.DEFAULT_MAX_BYTES));
        try (Stream<Path> s = Files.list(root.resolve("objects"))) {
            assertEquals(1, s.count());
        }
        Path old = Files.list(root.resolve("objects")).findFirst().orElseThrow();
        Files.setLastModifiedTime(old.resolve("index"), java.nio.file.attribute.FileTime.fromMillis(0));
        // A new run with a bound of one byte keeps only what it used.
        ObjectCache small = ObjectCache.at(root, 1);
        KernelBuilds.find(List.of(SampleFiles.path("packages/linux-image-6.1.0-47-amd64_sample.deb")),
                Set.of("sch_codel"), small);
        assertFalse(Files.exists(old), "the older entry was removed");
        try (Stream<Path> s = Files.list(root.resolve("objects"))) {
            assertEquals(1, s.count(), "the entry of this run stays");
        }
    }

    @Test
    void twoRunsSharingTheCacheAgree() throws Exception {
        ObjectCache a = ObjectCache.at(tmp, ObjectCache.DEFAULT_MAX_BYTES);
        ObjectCache b = ObjectCache.at(tmp, ObjectCache.DEFAULT_MAX_BYTES);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var fa = pool.submit(() -> codel(a));
            var fb = pool.submit(() -> codel(b));
            assertArrayEquals(Files.readAllBytes(V57), Files.readAllBytes(fa.get()));
            assertArrayEquals(Files.readAllBytes(V57), Files.readAllBytes(fb.get()));
        } finally {
            pool.shutdown();
        }
        try (Stream<Path> s = Files.list(tmp.resolve("tmp"))) {
            assertEquals(0, s.count(), "no temporary file left");
        }
    }

    @Test
    void xdgCacheHomeIsHonouredWhenAbsolute() {
        assertEquals(Path.of("/x/cache/klpscope"), ObjectCache.userDirectory(Map.of("XDG_CACHE_HOME", "/x/cache")));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "klpscope"),
                ObjectCache.userDirectory(Map.of("XDG_CACHE_HOME", "relative")));
    }

    @Test
    void noCacheLeavesTheUserCacheAlone() {
        ObjectCache none = ObjectCache.none();
        Path copy = codel(none);
        assertTrue(copy.startsWith(none.root()));
        assertFalse(none.root().startsWith(ObjectCache.userDirectory(System.getenv())));
    }
}
