package dev.klpscope.cli;

import dev.klpscope.PrivateObjectCache;
import dev.klpscope.SampleFiles;
import dev.klpscope.report.ReportedPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check PATCH --kernels PATH...}: the packages built from Debian's own modules give the same verdicts as those
 * modules named one by one, positional candidates still count, and a source that gives nothing is one warning line.
 */
class CheckKernelsTest {

    @RegisterExtension
    final PrivateObjectCache cache = new PrivateObjectCache();

    static final String PATCH = SampleFiles.path("debian/debian_lp.ko").toString();
    static final Path V47 = SampleFiles.path("debian/v47/sch_codel.ko");
    static final Path V57 = SampleFiles.path("debian/v57/sch_codel.ko");



    /**
     * The brief report with every packaged module (reported as {@code PACKAGE:MEMBER}, never by its cache path) named
     * as the sample module it was packaged from (make-packages.sh: the 6.1.0-N member is samples/debian/vN), lines sorted.
     */
    static List<String> byContent(String report) {
        assertFalse(report.contains("/objects/"), "a cache path in the report:\n" + report);
        Matcher m = Pattern.compile("samples/packages/[^\\s:]+\\.(?:deb|rpm):lib/modules/6\\.1\\.0-(\\d+)-amd64/"
                + "kernel/net/sched/sch_codel\\.ko").matcher(report);
        StringBuilder out = new StringBuilder();
        int found = 0;
        while (m.find()) {
            found++;
            String sample = switch (m.group(1)) {
                case "47" -> ReportedPath.of(V47).toString();
                case "57" -> ReportedPath.of(V57).toString();
                default -> "UNKNOWN";
            };
            m.appendReplacement(out, Matcher.quoteReplacement(sample));
        }
        m.appendTail(out);
        assertTrue(found > 0, report);
        return out.toString().lines().sorted().toList();
    }

    @Test
    void packagesGiveTheVerdictsOfTheirModules() {
        CliRun named = CliRun.of("check", PATCH, V47, V57, "--format", "brief");
        CliRun packages = CliRun.of("check", PATCH, "--kernels", SampleFiles.path("packages"), "--format", "brief");
        assertEquals("", packages.err());
        assertEquals(named.exit(), packages.exit());
        assertFalse(named.out().isBlank());
        assertEquals(named.out().lines().sorted().toList(), byContent(packages.out()));
    }

    @Test
    void positionalCandidatesStillCount() {
        CliRun named = CliRun.of("check", PATCH, V47, V57, "--format", "brief");
        CliRun mixed = CliRun.of("check", PATCH, V47, "--kernels",
                SampleFiles.path("packages/kernel-core-6.1.0-57-amd64.sample.rpm"), "--no-cache", "--format", "brief");
        assertEquals("", mixed.err());
        assertEquals(named.out().lines().sorted().toList(), byContent(mixed.out()));
    }

    @Test
    void aSourceGivingNothingIsOneWarningAndThePatchIsStillChecked() {
        Path missing = cache.path().resolve("no-such.deb");
        CliRun run = CliRun.of("check", PATCH, "--kernels", missing, SampleFiles.path("packages"), "--format", "brief");
        assertEquals(List.of("klpscope: warning: " + missing + ": does not exist"), run.errLines());
        assertTrue(run.out().contains("sch_codel.ko"), run.out());
    }
}
