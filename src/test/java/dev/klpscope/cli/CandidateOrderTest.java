package dev.klpscope.cli;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A CI gate must not depend on argument order: the same candidates in any order give the same report and status. */
class CandidateOrderTest {

    @Test
    void reversedCandidatesGiveTheSameReportInEveryFormat() {
        String patch = SampleFiles.path("sympos/sympos_lp.ko").toString();
        String v1 = SampleFiles.path("sympos/v1/foo.ko").toString();
        String v3 = SampleFiles.path("sympos/v3/foo.ko").toString();
        for (String format : new String[] {"text", "markdown", "html", "json"}) {
            CliRun a = CliRun.of("check", "--format", format, patch, v1, v3);
            CliRun b = CliRun.of("check", "--format", format, patch, v3, v1);
            assertEquals(a.exit(), b.exit(), format);
            // v1 and v3 bind helper,2 to different statics: one of them breaks silently, so the default gate fails
            assertEquals(1, a.exit(), format + ": " + a.err());
            assertEquals(a.out(), b.out(), format);
            assertTrue(a.out().contains("ambiguous"), format + ": the report says the baseline is a tie");
            assertTrue(a.err().contains("baseline of foo is ambiguous"), a.err());
        }
    }

    @Test
    void crcEvidencePicksTheSameBaselineWhateverComesFirst() {
        String patch = SampleFiles.path("crc/crc_lp.ko").toString();
        String v1 = SampleFiles.path("crc/v1/bar.ko").toString();
        String v2 = SampleFiles.path("crc/v2/bar.ko").toString();
        CliRun a = CliRun.of("check", "--format", "json", patch, v1, v2);
        CliRun b = CliRun.of("check", "--format", "json", patch, v2, v1);
        assertEquals(a.out(), b.out());
        assertEquals("", a.err());
    }
}
