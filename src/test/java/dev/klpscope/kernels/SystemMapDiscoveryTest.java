package dev.klpscope.kernels;

import dev.klpscope.SampleFiles;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.SymbolSource;
import dev.klpscope.module.SystemMapReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.klpscope.kernels.KernelBuildsTest.copy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A System.map as a build's vmlinux only when the build has no vmlinux with symbols: in an installed tree
 * ({@code /boot/System.map-R} with {@code /lib/modules/R/build/Module.symvers}), a build folder, given as a file,
 * and Debian's real {@code linux-image} package (whose map is a placeholder). Maps and symvers are the committed
 * excerpts of {@code samples/sysmap} (derived from Debian's builds), the vmlinux the committed symbol-table sample.
 */
class SystemMapDiscoveryTest {

    @TempDir
    Path tmp;

    static final String R57 = "6.1.0-57-amd64";
    static final Set<String> WANTED = Set.of("sch_codel", "vmlinux");
    /** Debian's /boot/System.map-R of every linux-image package, byte for byte (83 bytes). */
    static final String DEBIAN_PLACEHOLDER = "ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n";

    ObjectCache cache() {
        return ObjectCache.at(tmp.resolve("cache"), ObjectCache.DEFAULT_MAX_BYTES);
    }

    /** {@code root/boot/System.map-57}, its headers' Module.symvers and its module, as Debian installs them. */
    Path installedTree() throws IOException {
        Path root = tmp.resolve("root");
        copy(SampleFiles.path("sysmap/" + R57 + "/System.map-" + R57), root.resolve("boot/System.map-" + R57));
        // SUSE-style /boot/System.map -> System.map-R: skipped, the file itself is there (no "says no release" line)
        Files.createSymbolicLink(root.resolve("boot/System.map"), Path.of("System.map-" + R57));
        copy(SampleFiles.path("sysmap/" + R57 + "/Module.symvers"), root.resolve("usr/src/linux-headers-" + R57 + "/Module.symvers"));
        Files.createDirectories(root.resolve("lib/modules/" + R57));
        Files.createSymbolicLink(root.resolve("lib/modules/" + R57 + "/build"), root.resolve("usr/src/linux-headers-" + R57));
        copy(SampleFiles.path("debian/v57/sch_codel.ko"), root.resolve("lib/modules/" + R57 + "/kernel/net/sched/sch_codel.ko"));
        return root;
    }

    @Test
    void installedTreeWithoutVmlinuxTakesItsSystemMapWithTheHeadersSymvers() throws IOException {
        Path root = installedTree();
        Discovery d = KernelBuilds.find(List.of(root.resolve("boot"), root.resolve("lib/modules/" + R57)), WANTED, cache());
        assertEquals(List.of(), d.problems());
        assertEquals(1, d.builds().size(), d.toString());
        FoundRelease b = d.builds().get(0);
        assertEquals(R57, b.release());
        Path map = root.resolve("boot/System.map-" + R57);
        assertEquals(map, b.objects().get("vmlinux").file());
        KernelObject vmlinux = KernelObjectReader.read(b.objects().get("vmlinux").file());
        SymbolSource.SystemMap source = assertInstanceOf(SymbolSource.SystemMap.class, vmlinux.source());
        assertEquals(Optional.of(root.resolve("lib/modules/" + R57 + "/build/Module.symvers").toString()), source.symvers(),
                "/lib/modules/R/build/Module.symvers, the installed headers'");
    }

    @Test
    void aVmlinuxWithSymbolsOfTheSameBuildIsTakenOverItsMap() throws IOException {
        Path root = installedTree();
        Path vmlinux = root.resolve("usr/lib/debug/boot/vmlinux-" + R57);
        copy(SampleFiles.path("vmlinux/v57/vmlinux-" + R57 + ".symtab.xz"), vmlinux);
        // the map given first, and as a file: still the vmlinux
        Discovery d = KernelBuilds.find(List.of(root.resolve("boot/System.map-" + R57), root), WANTED, cache());
        assertEquals(List.of(), d.problems());
        assertEquals(vmlinux, d.builds().get(0).objects().get("vmlinux").file());
    }

    @Test
    void buildFolderWithoutVmlinuxTakesItsSystemMapAndModuleSymvers() throws IOException {
        Path build = tmp.resolve("linux-build");
        copy(SampleFiles.path("sysmap/" + R57 + "/System.map-" + R57), build.resolve("System.map"));
        copy(SampleFiles.path("sysmap/" + R57 + "/Module.symvers"), build.resolve("Module.symvers"));
        copy(SampleFiles.path("debian/v57/sch_codel.ko"), build.resolve("net/sched/sch_codel.ko"));
        Files.createDirectories(build.resolve("include/config"));
        Files.writeString(build.resolve("include/config/kernel.release"), R57 + "\n");
        Discovery d = KernelBuilds.find(List.of(build), WANTED, cache());
        assertEquals(List.of(), d.problems());
        FoundRelease b = d.builds().get(0);
        assertEquals(R57, b.release());
        assertEquals(build.resolve("System.map"), b.objects().get("vmlinux").file());
        KernelObject vmlinux = KernelObjectReader.read(build.resolve("System.map"));
        assertEquals(Optional.of(R57), vmlinux.release(), "include/config/kernel.release beside the map");
        assertEquals(SystemMapReader.companion(build.resolve("System.map")), Optional.of(build.resolve("Module.symvers")));
    }

    @Test
    void fedorasTreeLayoutGivesTheReleaseFromTheFolderAndTheGzippedSymvers() throws IOException {
        // Fedora installs lib/modules/R/System.map and lib/modules/R/symvers.gz (the 57 excerpts in that layout)
        Path dir = tmp.resolve("root/lib/modules/" + R57);
        copy(SampleFiles.path("sysmap/" + R57 + "/System.map-" + R57), dir.resolve("System.map"));
        Files.createDirectories(dir);
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve("symvers.gz")))) {
            out.write(Files.readAllBytes(SampleFiles.path("sysmap/" + R57 + "/Module.symvers")));
        }
        copy(SampleFiles.path("debian/v57/sch_codel.ko"), dir.resolve("kernel/net/sched/sch_codel.ko"));
        Discovery d = KernelBuilds.find(List.of(dir), WANTED, cache());
        assertEquals(List.of(), d.problems());
        assertEquals(dir.resolve("System.map"), d.builds().get(0).objects().get("vmlinux").file());
        KernelObject vmlinux = KernelObjectReader.read(dir.resolve("System.map"));
        assertEquals(Optional.of(R57), vmlinux.release());
        assertEquals(java.util.OptionalLong.of(0x9060323fL), vmlinux.versions().exportedCrc("module_layout"), "from symvers.gz");
        // a package's copy is named System.map alone: the member it is reported as says the release
        Path copy = Files.copy(dir.resolve("System.map"), tmp.resolve("System.map"));
        assertEquals(Optional.empty(), KernelObjectReader.read(copy).release());
        assertEquals(Optional.of(R57), KernelObjectReader.read(copy).reportedAs("kernel-core.rpm:lib/modules/" + R57 + "/System.map").release());
    }

    @Test
    void debiansPlaceholderMapIsSaidNamingTheDbgPackage() throws IOException {
        Path root = installedTree();
        Path map = root.resolve("boot/System.map-" + R57);
        Files.writeString(map, DEBIAN_PLACEHOLDER);
        Discovery d = KernelBuilds.find(List.of(root), WANTED, cache());
        assertEquals(Set.of("sch_codel"), d.builds().get(0).objects().keySet());
        assertEquals(1, d.problems().size(), d.problems().toString());
        String line = d.problems().get(0).line();
        assertTrue(line.startsWith(map + ": is Debian's placeholder System.map") && line.contains("-dbg package"), line);
    }

    @Test
    void debiansRealImagePackageSaysItsPlaceholder() throws IOException {
        Optional<Path> deb = RealDebianPackagesTest.cached("linux-image-" + R57 + "_*.deb");
        assumeTrue(deb.isPresent(), "no linux-image-" + R57 + " package in " + RealDebianPackagesTest.CACHE);
        Discovery d = KernelBuilds.find(List.of(deb.get()), WANTED, cache());
        assertEquals(Set.of("sch_codel"), d.builds().get(0).objects().keySet());
        assertEquals(1, d.problems().size(), d.problems().toString());
        SourceProblem p = d.problems().get(0);
        assertEquals(Optional.of("boot/System.map-" + R57), p.member());
        assertTrue(p.line().contains("placeholder System.map") && p.line().contains("usr/lib/debug/boot/vmlinux-" + R57), p.line());
    }
}
