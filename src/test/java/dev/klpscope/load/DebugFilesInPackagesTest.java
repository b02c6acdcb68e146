package dev.klpscope.load;

import dev.klpscope.SampleFiles;
import dev.klpscope.cli.Cli;
import dev.klpscope.report.MiniJson;
import dev.klpscope.report.ReportedPath;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Debug files in packages given to {@code check --kernels}: Ubuntu's {@code -dbgsym} {@code .ddeb} (laid out as
 * Debian's {@code -dbg}: the unstripped module under {@code usr/lib/debug/lib/modules}) and an RPM {@code debuginfo}
 * ({@code ….ko.debug}, {@code objcopy --only-keep-debug} output) lend their DWARF to the shipped module of the same
 * build id and are never candidates. Packages made by {@code samples/debugpackages/make-debug-packages.sh} from the
 * seed scenario's v2 {@code foo.ko} (build id {@value #V2_ID}, read with {@code readelf -n}).
 */
class DebugFilesInPackagesTest {

    static final String V2_ID = "484cbc38a2647bbbc8e4edec2a48bef6cca2e65e";
    static final String RELEASE = "6.1.0-57-amd64";
    static final String DEB = pkg("linux-image-6.1.0-57-amd64_seed.deb");
    static final String DDEB = pkg("linux-image-6.1.0-57-amd64-dbgsym_seed.ddeb");
    static final String RPM = pkg("kernel-debuginfo-6.1.0-57-amd64.seed.rpm");
    static final String PATCH = SampleFiles.path("seed/seed_lp2.ko").toString();

    private static String pkg(String name) {
        return ReportedPath.of(SampleFiles.path("debugpackages/" + name)).toString();
    }

    @Test
    void theDdebsUnstrippedModuleIsTheDwarfOfTheShippedOne() {
        Run run = check("--kernels", DEB, "--kernels", DDEB);
        assertEquals("", run.err);
        assertEquals(List.of(DEB + ":lib/modules/" + RELEASE + "/extra/foo.ko"), run.paths());
        assertEquals(DDEB + ":usr/lib/debug/lib/modules/" + RELEASE + "/extra/foo.ko", run.debugFile(0));
    }

    @Test
    void theDebuginfoRpmsKoDebugIsTheDwarfOfTheShippedOne() {
        Run run = check("--kernels", RPM, "--kernels", DEB);
        assertEquals("", run.err);
        assertEquals(List.of(DEB + ":lib/modules/" + RELEASE + "/extra/foo.ko"), run.paths());
        assertEquals(RPM + ":usr/lib/debug/lib/modules/" + RELEASE + "/extra/foo.ko.debug", run.debugFile(0));
    }

    @Test
    void aPackagesDebugFilePairsWithACandidateNamedDirectly() {
        String v2 = ReportedPath.of(SampleFiles.path("seed/v2/foo.ko")).toString();
        Run run = check(v2, "--kernels", RPM);
        assertEquals("", run.err);
        assertEquals(List.of(v2), run.paths());
        assertEquals(RPM + ":usr/lib/debug/lib/modules/" + RELEASE + "/extra/foo.ko.debug", run.debugFile(0));
    }

    @Test
    void aPackagesDebugFileOfNoCandidateIsOneWarningNamingIt() {
        Run run = check(SampleFiles.path("seed/v1/foo.ko").toString(), "--kernels", RPM);
        assertEquals("klpscope: warning: " + RPM + ":usr/lib/debug/lib/modules/" + RELEASE + "/extra/foo.ko.debug: debug "
                + "file of build id " + V2_ID + " pairs with no candidate (none has that build id); not used\n", run.err);
        assertEquals("", run.debugFile(0));
    }

    private record Run(String err, List<Object> candidates) {
        List<String> paths() {
            return candidates.stream().map(c -> (String) MiniJson.object(c).get("path")).toList();
        }

        String debugFile(int i) {
            return (String) MiniJson.object(MiniJson.object(candidates.get(i)).get("types")).get("debugFile");
        }
    }

    private static Run check(String... args) {
        List<String> all = new ArrayList<>(List.of("check", PATCH, "--format", "json", "--no-cache"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(err.toString(), MiniJson.array(MiniJson.object(MiniJson.parse(out.toString())).get("candidates")));
    }
}
