package dev.klpscope.cli;

import dev.klpscope.SampleFiles;
import dev.klpscope.report.ReportedPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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

    @TempDir
    Path cache;
    String previous;

    static final String PATCH = SampleFiles.path("debian/debian_lp.ko").toString();
    static final Path V47 = SampleFiles.path("debian/v47/sch_codel.ko");
    static final Path V57 = SampleFiles.path("debian/v57/sch_codel.ko");

    @BeforeEach
    void privateCache() {
        previous = System.getProperty("klpscope.cache");
        System.setProperty("klpscope.cache", cache.toString());
    }

    @AfterEach
    void restore() {
        if (previous == null) {
            System.clearProperty("klpscope.cache");
        } else {
            System.setProperty("klpscope.cache", previous);
        }
    }

    /** The brief report with every cached copy named by the sample it is a byte-for-byte copy of, lines sorted. */
    static List<String> byContent(String report) throws IOException {
        Matcher m = Pattern.compile("[^\\s(]*" + Pattern.quote("/objects/") + "[^\\s(]*?sch_codel\\.ko").matcher(report);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            byte[] copy = Files.readAllBytes(Path.of(m.group()));
            // Named as the report names the sample given by itself (relative to the working directory).
            String sample = Arrays.equals(copy, Files.readAllBytes(V47)) ? ReportedPath.of(V47).toString()
                    : Arrays.equals(copy, Files.readAllBytes(V57)) ? ReportedPath.of(V57).toString() : "UNKNOWN";
            m.appendReplacement(out, Matcher.quoteReplacement(sample));
        }
        m.appendTail(out);
        return out.toString().lines().sorted().toList();
    }

    @Test
    void packagesGiveTheVerdictsOfTheirModules() throws IOException {
        CliRun named = CliRun.of("check", PATCH, V47, V57, "--format", "brief");
        CliRun packages = CliRun.of("check", PATCH, "--kernels", SampleFiles.path("packages"), "--format", "brief");
        assertEquals("", packages.err());
        assertEquals(named.exit(), packages.exit());
        assertFalse(named.out().isBlank());
        assertEquals(named.out().lines().sorted().toList(), byContent(packages.out()));
    }

    @Test
    void positionalCandidatesStillCount() throws IOException {
        CliRun named = CliRun.of("check", PATCH, V47, V57, "--format", "brief");
        CliRun mixed = CliRun.of("check", PATCH, V47, "--kernels",
                SampleFiles.path("packages/kernel-core-6.1.0-57-amd64.sample.rpm"), "--no-cache", "--format", "brief");
        assertEquals("", mixed.err());
        assertEquals(named.out().lines().sorted().toList(), byContent(mixed.out()));
    }

    @Test
    void aSourceGivingNothingIsOneWarningAndThePatchIsStillChecked() {
        Path missing = cache.resolve("no-such.deb");
        CliRun run = CliRun.of("check", PATCH, "--kernels", missing, SampleFiles.path("packages"), "--format", "brief");
        assertEquals(List.of("klpscope: warning: " + missing + ": does not exist"), run.errLines());
        assertTrue(run.out().contains("sch_codel.ko"), run.out());
    }
}
