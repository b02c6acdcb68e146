package dev.klpscope.robustness;

import dev.klpscope.kernels.Discovery;
import dev.klpscope.kernels.FoundObject;
import dev.klpscope.kernels.KernelBuilds;
import dev.klpscope.kernels.ObjectCache;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.SymbolSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static dev.klpscope.robustness.BrokenPackages.deb;
import static dev.klpscope.robustness.BrokenPackages.file;
import static dev.klpscope.robustness.BrokenPackages.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A System.map that comes out of a package, paired with the {@code Module.symvers} of another: Ubuntu's layout (the
 * real map in {@code linux-modules-R}: {@code boot/System.map-R}; exports in {@code linux-headers-R}:
 * {@code usr/src/linux-headers-R/Module.symvers}). The packages are built here (labelled: Ubuntu's are not
 * reachable) from the committed excerpts of Debian's 6.1.0-57 map and symvers ({@code samples/sysmap}) and Debian's
 * {@code sch_codel.ko}; one case pairs with Debian's real {@code linux-headers-6.1.0-57-amd64} from the cache.
 */
class SystemMapPackagesTest {

    @TempDir
    Path tmp;

    static final String R = "6.1.0-57-amd64";
    static final Set<String> WANTED = Set.of("sch_codel", "vmlinux");
    /** module_layout's CRC in 6.1.0-57 (samples/README.md, vmlinux). */
    static final long MODULE_LAYOUT_57 = 0x9060323fL;

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    /** Ubuntu's linux-modules: the real map in /boot and the modules. */
    Path modulesDeb() throws IOException {
        byte[] map = BrokenInputs.read(BrokenInputs.samples().resolve("sysmap/" + R + "/System.map-" + R));
        byte[] codel = BrokenInputs.read(BrokenInputs.samples().resolve("debian/v57/sch_codel.ko"));
        return write("linux-modules-" + R + "_built-here.deb", deb(tar(file("./boot/System.map-" + R, map),
                file("./lib/modules/" + R + "/kernel/net/sched/sch_codel.ko", codel))));
    }

    Path headersDeb() throws IOException {
        byte[] symvers = BrokenInputs.read(BrokenInputs.samples().resolve("sysmap/" + R + "/Module.symvers"));
        return write("linux-headers-" + R + "_built-here.deb",
                deb(tar(file("./usr/src/linux-headers-" + R + "/Module.symvers", symvers))));
    }

    ObjectCache cache() {
        return ObjectCache.at(tmp.resolve("cache"), ObjectCache.DEFAULT_MAX_BYTES);
    }

    static FoundObject vmlinux(Discovery d) {
        assertEquals(1, d.builds().size(), d.toString());
        assertEquals(Set.of("sch_codel", "vmlinux"), d.builds().get(0).objects().keySet(), "the symvers is no candidate");
        return d.builds().get(0).objects().get("vmlinux");
    }

    @Test
    void theHeadersSymversIsPairedWithThePackagesMapAndAnEarlierPairingIsNotReusedWithoutIt() throws IOException {
        Path modules = modulesDeb();
        Discovery d = KernelBuilds.find(List.of(modules, headersDeb()), WANTED, cache());
        assertEquals(List.of(), d.problems());
        FoundObject map = vmlinux(d);
        assertEquals(Optional.of("boot/System.map-" + R), map.member());
        KernelObject o = KernelObjectReader.read(map.file());
        SymbolSource.SystemMap source = assertInstanceOf(SymbolSource.SystemMap.class, o.source());
        assertTrue(source.symvers().isPresent(), source.describe());
        assertEquals(OptionalLong.of(MODULE_LAYOUT_57), o.versions().exportedCrc("module_layout"));
        // reported as the package's member, never by its cache copy (reports stay the same on every machine)
        String where = modules + ":boot/System.map-" + R;
        assertEquals("System.map " + where + " + its build's Module.symvers", o.reportedAs(where).source().describe());

        // the same cache, the modules package alone: its map is read without exports, not with the earlier link
        FoundObject alone = vmlinux(KernelBuilds.find(List.of(modules), WANTED, cache()));
        assertEquals(map.file(), alone.file(), "the same cache copy");
        SymbolSource.SystemMap without = (SymbolSource.SystemMap) KernelObjectReader.read(alone.file()).source();
        assertEquals(Optional.empty(), without.symvers());
        try (DirectoryStream<Path> beside = Files.newDirectoryStream(alone.file().getParent())) {
            beside.forEach(f -> assertTrue(f.getFileName().toString().startsWith("System.map-"), f.toString()));
        }
    }

    @Test
    void debiansRealHeadersPackageGivesTheExports() throws IOException {
        Path cacheDir = Path.of(System.getProperty("klpscope.packages", "/var/cache/klpscope"));
        Optional<Path> headers = Optional.empty();
        if (Files.isDirectory(cacheDir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(cacheDir, "linux-headers-" + R + "_*.deb")) {
                for (Path p : s) {
                    headers = Optional.of(p);
                }
            }
        }
        assumeTrue(headers.isPresent(), "no linux-headers-" + R + " package in " + cacheDir);
        Discovery d = KernelBuilds.find(List.of(modulesDeb(), headers.get()), WANTED, cache());
        assertEquals(List.of(), d.problems());
        KernelObject o = KernelObjectReader.read(vmlinux(d).file());
        assertEquals(OptionalLong.of(MODULE_LAYOUT_57), o.versions().exportedCrc("module_layout"));
        assertTrue(o.versions().exportedCrc("seq_printf").isPresent(), "the full Module.symvers, not the excerpt");
        assertTrue(o.versions().exportedCrc("tcp_sendmsg").isPresent(), "the full Module.symvers, not the excerpt");
    }
}
