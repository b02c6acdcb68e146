package dev.klpscope.kernels;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discovery on packages built here from Debian's own {@code sch_codel.ko} ({@code samples/packages/make-packages.sh}),
 * and on an installed tree and a build folder laid out in a temporary folder from the samples. Every expected object
 * is compared byte for byte with the sample file it was made from.
 */
class KernelBuildsTest {

    @TempDir
    Path tmp;

    static final Set<String> CODEL = Set.of("sch_codel");

    static Path sample(String relative) {
        return SampleFiles.path(relative);
    }

    ObjectCache cache() {
        return ObjectCache.at(tmp.resolve("cache"), ObjectCache.DEFAULT_MAX_BYTES);
    }

    static void assertSameBytes(Path expected, Path actual) throws IOException {
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), actual + " vs " + expected);
    }

    @Test
    void debPackageGivesItsReleaseAndTheModule() throws IOException {
        Path deb = sample("packages/linux-image-6.1.0-57-amd64_sample.deb");
        Discovery d = KernelBuilds.find(List.of(deb), CODEL, cache());
        assertEquals(List.of(), d.problems());
        assertEquals(1, d.builds().size());
        FoundRelease b = d.builds().get(0);
        assertEquals("6.1.0-57-amd64", b.release());
        assertEquals("amd64", b.flavour());
        assertEquals(List.of(new Origin.DebPackage(deb)), b.origins());
        FoundObject codel = b.objects().get("sch_codel");
        assertEquals("lib/modules/6.1.0-57-amd64/kernel/net/sched/sch_codel.ko", codel.member().orElseThrow());
        assertTrue(codel.file().startsWith(tmp.resolve("cache")), "copied into the cache only: " + codel.file());
        assertSameBytes(sample("debian/v57/sch_codel.ko"), codel.file());
    }

    @Test
    void rpmPackageGivesItsReleaseAndTheModule() throws IOException {
        Path rpm = sample("packages/kernel-core-6.1.0-57-amd64.sample.rpm");
        Discovery d = KernelBuilds.find(List.of(rpm), CODEL, cache());
        assertEquals(List.of(), d.problems());
        FoundRelease b = d.builds().get(0);
        assertEquals("6.1.0-57-amd64", b.release());
        assertInstanceOf(Origin.RpmPackage.class, b.origins().get(0));
        assertSameBytes(sample("debian/v57/sch_codel.ko"), b.objects().get("sch_codel").file());
    }

    @Test
    void folderOfPackagesGivesOneBuildPerReleaseInVersionOrder() throws IOException {
        Discovery d = KernelBuilds.find(List.of(sample("packages")), Set.of("sch-codel"), cache());
        assertEquals(List.of(), d.problems());
        assertEquals(List.of("6.1.0-47-amd64", "6.1.0-57-amd64"), d.builds().stream().map(FoundRelease::release).toList());
        assertSameBytes(sample("debian/v47/sch_codel.ko"), d.builds().get(0).objects().get("sch_codel").file());
        // The .deb and the .rpm of 57 hold the same bytes: one candidate, both origins are the same build.
        assertSameBytes(sample("debian/v57/sch_codel.ko"), d.builds().get(1).objects().get("sch_codel").file());
    }

    @Test
    void installedTreeTakesReleasesFromItsPathsAndDashedFileNames() throws IOException {
        Path root = tmp.resolve("root");
        Path m47 = root.resolve("lib/modules/6.1.0-47-amd64/kernel/net/sched/sch_codel.ko");
        Path m57 = root.resolve("lib/modules/6.1.0-57-amd64/kernel/net/sched/sch-codel.ko");
        Path vmlinux = root.resolve("usr/lib/debug/boot/vmlinux-6.1.0-57-amd64");
        Path map = root.resolve("boot/System.map-6.1.0-47-amd64");
        copy(sample("debian/v47/sch_codel.ko"), m47);
        copy(sample("debian/v57/sch_codel.ko"), m57);
        copy(sample("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"), vmlinux);
        copy(sample("sysmap/6.1.0-47-amd64/System.map-6.1.0-47-amd64"), map);
        Discovery d = KernelBuilds.find(List.of(root.resolve("lib/modules/6.1.0-47-amd64"),
                root.resolve("lib/modules/6.1.0-57-amd64"), root.resolve("usr/lib/debug"), map),
                Set.of("sch_codel", "vmlinux"), cache());
        assertEquals(2, d.builds().size(), d.toString());
        FoundRelease b47 = d.builds().get(0);
        FoundRelease b57 = d.builds().get(1);
        assertEquals(m47, b47.objects().get("sch_codel").file());
        // 47 has no vmlinux, only its System.map: that is its vmlinux (the report says what it cannot judge)
        assertEquals(map, b47.objects().get("vmlinux").file());
        assertEquals(m57, b57.objects().get("sch_codel").file());
        assertEquals(vmlinux, b57.objects().get("vmlinux").file());
        assertTrue(b57.objects().get("vmlinux").debug());
        assertInstanceOf(Origin.InstalledTree.class, b57.origins().get(0));
        assertEquals(List.of(), d.problems());
    }

    @Test
    void buildFolderTakesItsReleaseFromKernelRelease() throws IOException {
        Path build = tmp.resolve("linux-build");
        copy(sample("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"), build.resolve("vmlinux"));
        copy(sample("debian/v57/sch_codel.ko"), build.resolve("net/sched/sch_codel.ko"));
        Files.createDirectories(build.resolve("include/config"));
        Files.writeString(build.resolve("include/config/kernel.release"), "6.1.0-57-amd64\n");
        Discovery d = KernelBuilds.find(List.of(build), Set.of("sch_codel", "vmlinux"), cache());
        assertEquals(List.of(), d.problems());
        FoundRelease b = d.builds().get(0);
        assertEquals("6.1.0-57-amd64", b.release());
        assertEquals(List.of(new Origin.BuildFolder(build)), b.origins());
        assertEquals(build.resolve("vmlinux"), b.objects().get("vmlinux").file());
        assertEquals(build.resolve("net/sched/sch_codel.ko"), b.objects().get("sch_codel").file());
    }

    @Test
    void looseModulesTakeTheirReleaseFromTheirVermagic() {
        Discovery d = KernelBuilds.find(List.of(sample("debian/v47"), sample("debian/v57/sch_codel.ko")), CODEL, cache());
        assertEquals(List.of(), d.problems());
        assertEquals(List.of("6.1.0-47-amd64", "6.1.0-57-amd64"), d.builds().stream().map(FoundRelease::release).toList());
        assertEquals(sample("debian/v57/sch_codel.ko"), d.builds().get(1).objects().get("sch_codel").file());
    }

    @Test
    void packageWithoutTheObjectIsSaidAndOthersStillCount() {
        Discovery d = KernelBuilds.find(List.of(sample("packages/linux-image-6.1.0-47-amd64_sample.deb"),
                sample("packages/linux-image-6.1.0-57-amd64_sample.deb")), Set.of("sch_fq"), cache());
        assertEquals(List.of(), d.builds());
        assertEquals(2, d.problems().size());
        assertTrue(d.problems().get(0).line().endsWith("linux-image-6.1.0-47-amd64_sample.deb: holds none of the "
                + "patch's objects (sch_fq)"), d.problems().get(0).line());
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }
}
