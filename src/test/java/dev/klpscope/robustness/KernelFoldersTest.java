package dev.klpscope.robustness;

import dev.klpscope.PrivateObjectCache;
import dev.klpscope.cli.Cli;
import dev.klpscope.report.ReportedPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --kernels FOLDER} as users give it: a folder of downloaded packages holds headers, sources and tools beside
 * the kernel images (seen on Debian's own packages: one warning per headers or source package buried the report), and
 * a module found in a tree is reported by its own path, never by the folder it was found in.
 */
class KernelFoldersTest {

    static final Path PATCH = BrokenInputs.samples().resolve("debian/debian_lp.ko");
    static final String MEMBER = "lib/modules/6.1.0-57-amd64/kernel/net/sched/sch_codel.ko";

    @TempDir
    Path work;
    @RegisterExtension
    final PrivateObjectCache cache = new PrivateObjectCache();



    record Run(int exit, String out, List<String> err) {
    }

    static Run check(Path... kernels) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[kernels.length + 5];
        args[0] = "check";
        args[1] = PATCH.toString();
        args[2] = "--kernels";
        for (int i = 0; i < kernels.length; i++) {
            args[3 + i] = kernels[i].toString();
        }
        args[3 + kernels.length] = "--format";
        args[4 + kernels.length] = "brief";
        int exit = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString().lines().toList());
    }

    /** A package like linux-headers-*: no module in it. */
    static byte[] headersPackage() {
        return BrokenPackages.deb(BrokenPackages.tar(BrokenPackages.file("usr/src/linux-headers/Makefile",
                "# nothing the patch names\n".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void packagesWithoutThePatchsObjectsInAFolderAreQuietWhenTheFolderGivesABuild() throws IOException {
        Path folder = Files.createDirectories(work.resolve("pool"));
        Path image = Files.copy(BrokenPackages.goodDeb(), folder.resolve("linux-image-6.1.0-57-amd64_sample.deb"));
        Files.write(folder.resolve("linux-headers-6.1.0-57-common_all.deb"), headersPackage());

        Run run = check(folder);
        assertEquals(List.of(), run.err(), "no warning for the headers package beside the image");
        assertTrue(run.out().contains(ReportedPath.of(image) + ":" + MEMBER), run.out());
    }

    @Test
    void aFolderThatGivesNoBuildStillSaysWhatEachPackageLacks() throws IOException {
        Path folder = Files.createDirectories(work.resolve("headers-only"));
        Path headers = Files.write(folder.resolve("linux-headers-6.1.0-57-common_all.deb"), headersPackage());

        Run run = check(folder);
        assertEquals(List.of("klpscope: warning: " + headers + ": holds none of the patch's objects (sch_codel)"),
                run.err());
    }

    @Test
    void aPackageNamedDirectlyThatHoldsNothingIsAlwaysSaid() throws IOException {
        Path headers = Files.write(work.resolve("linux-headers-6.1.0-57-common_all.deb"), headersPackage());

        Run run = check(BrokenPackages.goodDeb(), headers);
        assertEquals(List.of("klpscope: warning: " + headers + ": holds none of the patch's objects (sch_codel)"),
                run.err());
    }

    @Test
    void aModuleFoundInATreeIsReportedByItsOwnPath() throws IOException {
        Path tree = work.resolve("root");
        Path module = tree.resolve("lib/modules/6.1.0-47-amd64/kernel/net/sched/sch_codel.ko");
        Files.createDirectories(module.getParent());
        Files.copy(BrokenInputs.samples().resolve("debian/v47/sch_codel.ko"), module);

        Run run = check(tree);
        assertEquals(List.of(), run.err());
        String shown = ReportedPath.of(module).toString();
        assertTrue(run.out().contains(shown), run.out());
        for (String line : run.out().lines().toList()) {
            assertFalse(line.matches(".* " + java.util.regex.Pattern.quote(ReportedPath.of(tree).toString()) + "(:| ).*"),
                    "a finding reported by the tree's folder instead of the module: " + line);
        }
    }
}
