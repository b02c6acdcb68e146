package dev.klpscope.kernels;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's real {@code linux-image} packages (70 MB, 4023 modules each), when the shared cache holds them
 * ({@code /var/cache/klpscope}, filled by {@code scripts/}; a fresh CI machine has none and skips, the packages
 * built here by {@code samples/packages/make-packages.sh} test the same code there).
 */
class RealDebianPackagesTest {

    static final Path CACHE = Path.of(System.getProperty("klpscope.packages", "/var/cache/klpscope"));

    @TempDir
    Path tmp;

    static Optional<Path> cached(String glob) throws IOException {
        if (!Files.isDirectory(CACHE)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(CACHE, glob)) {
            for (Path p : s) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Test
    void debianImagePackageGivesTheModuleDebianShipped() throws IOException {
        Optional<Path> deb = cached("linux-image-6.1.0-57-amd64_*.deb");
        assumeTrue(deb.isPresent(), "no linux-image-6.1.0-57-amd64 package in " + CACHE);
        Discovery d = KernelBuilds.find(List.of(deb.get()), Set.of("sch_codel"),
                ObjectCache.at(tmp, ObjectCache.DEFAULT_MAX_BYTES));
        assertEquals(List.of(), d.problems());
        FoundRelease b = d.builds().get(0);
        assertEquals("6.1.0-57-amd64", b.release());
        assertEquals("amd64", b.flavour());
        FoundObject codel = b.objects().get("sch_codel");
        assertEquals("lib/modules/6.1.0-57-amd64/kernel/net/sched/sch_codel.ko", codel.member().orElseThrow());
        // samples/debian/v57/sch_codel.ko was taken out of this package by dpkg -x (samples/README.md).
        assertArrayEquals(Files.readAllBytes(SampleFiles.path("debian/v57/sch_codel.ko")), Files.readAllBytes(codel.file()));
    }

    @Test
    void backportedPackageGivesXzModules() throws IOException {
        Optional<Path> deb = cached("linux-image-6.12.95+deb12-amd64_*.deb");
        assumeTrue(deb.isPresent(), "no linux-image-6.12.95+deb12-amd64 package in " + CACHE);
        Discovery d = KernelBuilds.find(List.of(deb.get()), Set.of("sch_codel", "vmlinux"),
                ObjectCache.at(tmp, ObjectCache.DEFAULT_MAX_BYTES));
        FoundRelease b = d.builds().get(0);
        assertEquals("6.12.95+deb12-amd64", b.release());
        assertEquals("amd64", b.flavour());
        assertEquals("lib/modules/6.12.95+deb12-amd64/kernel/net/sched/sch_codel.ko.xz",
                b.objects().get("sch_codel").member().orElseThrow());
        byte[] head = Files.readAllBytes(b.objects().get("sch_codel").file());
        assertEquals((byte) 0xfd, head[0], "the member as shipped (xz), decompressed when read");
        // The image package has no vmlinux (and a placeholder System.map): nothing for vmlinux, said once.
        assertEquals(Set.of("sch_codel"), b.objects().keySet());
        assertEquals(1, d.problems().size(), d.problems().toString());
        assertEquals(Optional.of("boot/System.map-6.12.95+deb12-amd64"), d.problems().get(0).member());
    }
}
