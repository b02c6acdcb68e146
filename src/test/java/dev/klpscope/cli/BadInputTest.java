package dev.klpscope.cli;

import dev.klpscope.report.TestSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Unusable input, made from a real sample at test time: each must exit 2 with one line on stderr that names
 * the file, whether the bad file is the patch or a candidate.
 */
class BadInputTest {

    @TempDir
    Path tmp;

    private static final Path PATCH = TestSamples.file("seed/seed_lp2.ko");
    private static final Path CANDIDATE = TestSamples.file("seed/v2/foo.ko");

    private Path truncated(Path sample) throws IOException {
        byte[] b = Files.readAllBytes(sample);
        Path p = tmp.resolve("truncated-" + sample.getFileName());
        Files.write(p, java.util.Arrays.copyOf(b, b.length / 2));
        return p;
    }

    /** e_shoff (ELF64 offset 0x28) pointing far past the end of the file. */
    private Path badSectionTable(Path sample) throws IOException {
        byte[] b = Files.readAllBytes(sample);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0x28, 0x7fff_ffff_0000L);
        Path p = tmp.resolve("shoff-" + sample.getFileName());
        Files.write(p, b);
        return p;
    }

    private Path notElf() throws IOException {
        Path p = tmp.resolve("notes.ko");
        Files.writeString(p, "this is not an ELF file\n".repeat(20), StandardCharsets.US_ASCII);
        return p;
    }

    private Path empty() throws IOException {
        return Files.createFile(tmp.resolve("empty.ko"));
    }

    private Path make(String kind, Path sample) throws IOException {
        return switch (kind) {
            case "truncated" -> truncated(sample);
            case "e_shoff" -> badSectionTable(sample);
            case "not-elf" -> notElf();
            case "empty" -> empty();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated", "e_shoff", "not-elf", "empty"})
    void malformedPatchExitsTwo(String kind) throws IOException {
        Path bad = make(kind, PATCH);
        CliRun.of("check", bad, CANDIDATE).assertUnusable(bad.toString());
        CliRun.of("show", bad).assertUnusable(bad.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated", "e_shoff", "not-elf", "empty"})
    void malformedCandidateExitsTwo(String kind) throws IOException {
        Path bad = make(kind, CANDIDATE);
        CliRun.of("check", PATCH, TestSamples.file("seed/v1/foo.ko"), bad).assertUnusable(bad.toString());
    }

    @Test
    void malformedBaselineExitsTwo() throws IOException {
        Path bad = truncated(CANDIDATE);
        CliRun.of("check", PATCH, CANDIDATE, "--baseline", bad).assertUnusable(bad.toString());
    }

    @Test
    void missingFilesAreNamed() {
        Path missing = tmp.resolve("nope.ko");
        CliRun.of("check", missing, CANDIDATE).assertUnusable(missing + ": no such file");
        CliRun.of("check", PATCH, missing).assertUnusable(missing + ": no such file");
        CliRun.of("show", missing).assertUnusable(missing + ": no such file");
        CliRun.of("check", PATCH, tmp).assertUnusable(tmp.toString());
    }

    @Test
    void aModuleThatIsNotALivepatchIsUnusableAsThePatch() {
        CliRun.of("check", CANDIDATE, PATCH).assertUnusable(Seed.named(CANDIDATE));
        CliRun.of("show", CANDIDATE).assertUnusable("not a livepatch");
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        CliRun.of("check").assertUnusable("PATCH.ko");
        CliRun.of("check", PATCH, CANDIDATE, "--format", "pdf").assertUnusable("pdf");
        CliRun.of("check", PATCH, CANDIDATE, "--fail-on", "sometimes").assertUnusable("sometimes");
        CliRun.of("check", PATCH, CANDIDATE, "--no-such-option").assertUnusable("--no-such-option");
        CliRun.of("check", PATCH, CANDIDATE, "--output").assertUnusable("--output");
        CliRun.of("show", PATCH, "--format", "html").assertUnusable("html");
        CliRun.of("frobnicate").assertUnusable("frobnicate");
    }

    @Test
    void nothingIsWrittenToStdoutOnFailure() throws IOException {
        Path bad = notElf();
        CliRun run = CliRun.of("check", bad, CANDIDATE, "--format", "json");
        assertEquals("", run.out());
    }
}
