package dev.klpscope.kernels;

import dev.klpscope.SampleFiles;
import dev.klpscope.cli.Cli;
import dev.klpscope.report.MiniJson;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's real {@code linux-image-6.12.95+deb12-amd64-dbg} package (1 GB of xz: about 100 s of one core to stream)
 * beside the shipped {@code linux-image} package of the same build, when the shared cache holds both
 * ({@code /var/cache/klpscope}; a fresh CI machine skips). The shipped {@code sch_codel.ko.xz} is the only candidate;
 * the {@code -dbg} package's unstripped {@code usr/lib/debug/lib/modules/…/sch_codel.ko}, the same build, lends it
 * its DWARF by build id, and the package's vmlinux is the BTF base of the module's split {@code .BTF}.
 */
class DebianDbgPackageTest {

    static final String RELEASE = "6.12.95+deb12-amd64";

    @Test
    void theDbgPackagesModuleIsTheDwarfOfTheShippedOne() throws IOException {
        Optional<Path> image = RealDebianPackagesTest.cached("linux-image-" + RELEASE + "_*.deb");
        Optional<Path> dbg = RealDebianPackagesTest.cached("linux-image-" + RELEASE + "-dbg_*.deb");
        assumeTrue(image.isPresent() && dbg.isPresent(), "no linux-image-" + RELEASE + " and -dbg packages in "
                + RealDebianPackagesTest.CACHE);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // debian_lp names sch_codel (a 6.1 patch: refused on 6.12, which is beside the point here).
        Cli.run(new String[] {"check", SampleFiles.path("debian/debian_lp.ko").toString(), "--format", "json", "--no-cache",
                "--kernels", image.get().toString(), "--kernels", dbg.get().toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals("", err.toString());
        List<Object> candidates = MiniJson.array(MiniJson.object(MiniJson.parse(out.toString())).get("candidates"));
        assertEquals(1, candidates.size(), "the -dbg copy is no candidate: " + candidates);
        Map<String, Object> codel = MiniJson.object(candidates.get(0));
        assertEquals(image.get() + ":lib/modules/" + RELEASE + "/kernel/net/sched/sch_codel.ko.xz", codel.get("path"));
        Map<String, Object> types = MiniJson.object(codel.get("types"));
        assertEquals("debug-file", types.get("dwarf"));
        assertEquals(dbg.get() + ":usr/lib/debug/lib/modules/" + RELEASE + "/kernel/net/sched/sch_codel.ko", types.get("debugFile"));
        // The patch does not patch vmlinux, so the -dbg package's is no candidate, but it is the BTF base of the release.
        assertEquals("split", types.get("btf"));
        assertEquals(dbg.get() + ":usr/lib/debug/boot/vmlinux-" + RELEASE + " (vmlinux found for its release)", types.get("btfBase"));
    }
}
