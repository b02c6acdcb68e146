package dev.klpscope.check;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A call bound to data and a write bound to read-only memory are {@code crash}: on the real samples the 6.1 kernel
 * oopsed on (kindswap_call + v2, rodata + v2), with its page-fault lines quoted as the recorded console logs show them
 * (samples/kernel-log/). Reads stay {@code silent}: kindswap_read + v2 (recorded: loaded, wrong value), and rodata_lp
 * with its store rewritten into a load (derived here: no real build has it).
 */
class AccessFaultsTest {

    @TempDir
    Path dir;

    private static Finding finding(Path patch, String baseline, String candidate, String symbol, String check) {
        Path c = SampleFiles.path(candidate);
        Inspection in = Loading.inspect(patch, List.of(SampleFiles.path(baseline), c), List.of(SampleFiles.path(baseline)));
        return in.targets().stream().filter(t -> t.symbol().equals(symbol)).findFirst().orElseThrow()
                .verdictFor(c.toString()).orElseThrow().findings().stream().filter(f -> f.check().equals(check))
                .findFirst().orElseThrow(() -> new AssertionError("no " + check + " for " + symbol + " in " + candidate));
    }

    /** Every line the finding quotes is in the recorded log, its printk placeholders aside. */
    private static void quotedFrom(String log, Finding f) throws IOException {
        String recorded = Files.readString(SampleFiles.path("kernel-log/" + log));
        String quoted = f.kernelMessage().orElseThrow(() -> new AssertionError("no kernel message: " + f.message()));
        for (String line : quoted.split(" \\| ")) {
            String fixed = line.replaceAll(" ?\\(uid: %d\\)$", "").replaceAll("%px$", "");
            assertTrue(!fixed.isBlank() && recorded.contains(fixed), () -> "not in " + log + ": " + line);
        }
    }

    @Test
    void callingWhatIsNowAVariableInDataIsACrash() throws IOException {
        Finding f = finding(SampleFiles.path("kindswap/kindswap_call.ko"), "kindswap/v1/foo.ko", "kindswap/v2/foo.ko",
                "mode", "symbol-type");
        assertEquals(Severity.CRASH, f.severity());
        assertTrue(f.message().contains("OBJECT in .data") && f.message().contains("livepatch_answer calls it")
                && f.message().contains("jump into data"), f.message());
        quotedFrom("kindswap.log", f);
        assertTrue(f.kernelMessage().orElseThrow().startsWith("kernel tried to execute NX-protected page"));
    }

    @Test
    void writingWhatIsNowReadOnlyDataIsACrash() throws IOException {
        Finding f = finding(SampleFiles.path("rodata/rodata_lp.ko"), "rodata/v1/foo.ko", "rodata/v2/foo.ko",
                "foo_limit", "var-size-section");
        assertEquals(Severity.CRASH, f.severity());
        assertTrue(f.message().contains("from .data to .rodata") && f.message().contains("livepatch_answer writes it"),
                f.message());
        quotedFrom("rodata.log", f);
        assertTrue(f.kernelMessage().orElseThrow().contains("supervisor write access"));
    }

    @Test
    void readingCodeAsAVariableStaysSilent() {
        Finding f = finding(SampleFiles.path("kindswap/kindswap_read.ko"), "kindswap/v1/foo.ko", "kindswap/v2/foo.ko",
                "limit", "symbol-type");
        assertEquals(Severity.SILENT, f.severity());
        assertTrue(f.kernelMessage().isEmpty());
    }

    private Path rewritten(String sample, int at, int from, int to) throws IOException {
        Path p = SampleFiles.path(sample);
        byte[] b = Files.readAllBytes(p);
        int offset = (int) ElfImage.open(p).section(".text").orElseThrow().offset() + at;
        assertEquals(from, b[offset] & 0xff, sample + " changed: rebuild the test");
        b[offset] = (byte) to;
        return Files.write(dir.resolve(Path.of(sample).getFileName()), b);
    }

    /** rodata_lp's {@code e: 89 05 mov %eax,foo_limit(%rip)} rewritten to {@code 8b 05 mov foo_limit(%rip),%eax}. */
    @Test
    void onlyReadingWhatIsNowReadOnlyStaysSilent() throws IOException {
        Finding f = finding(rewritten("rodata/rodata_lp.ko", 0xe, 0x89, 0x8b), "rodata/v1/foo.ko", "rodata/v2/foo.ko",
                "foo_limit", "var-size-section");
        assertEquals(Severity.SILENT, f.severity());
        assertTrue(f.message().contains("only reads it"), f.message());
    }

    /** Undecodable at the store ({@code 06}, invalid in 64-bit mode): a write cannot be told, so no crash is claimed. */
    @Test
    void anUndecidedAccessToReadOnlyDataStaysSilent() throws IOException {
        Finding f = finding(rewritten("rodata/rodata_lp.ko", 0xe, 0x89, 0x06), "rodata/v1/foo.ko", "rodata/v2/foo.ko",
                "foo_limit", "var-size-section");
        assertEquals(Severity.SILENT, f.severity());
        assertTrue(f.message().contains("cannot be told"), f.message());
    }

    /**
     * ppc64: the seed patch calls {@code c} (REL24); in a ppc64 foo derived from the real v1 whose {@code c} is made a
     * 4-byte variable in {@code .data} (symbol type and section rewritten), the call into data is said, not graded
     * {@code crash}: the fault is modelled on x86-64 only.
     */
    @Test
    void aCallIntoDataIsNotGradedOffX86() throws IOException {
        Path v1 = SampleFiles.path("kernels/6.1-ppc64el/seed/v1/foo.ko");
        ElfImage image = ElfImage.open(v1);
        Section symtab = image.section(".symtab").orElseThrow();
        int data = image.section(".data").orElseThrow().index();
        byte[] b = Files.readAllBytes(v1);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int c = -1;
        for (int i = 0; i < symtab.size() / 24; i++) {
            if (image.symbols().get(i).name().equals("c")) {
                c = (int) symtab.offset() + i * 24;
            }
        }
        assertTrue(c > 0, "no c in " + v1);
        buf.put(c + 4, (byte) ((buf.get(c + 4) & 0xf0) | 1)); // STT_OBJECT, binding kept
        buf.putShort(c + 6, (short) data);
        buf.putLong(c + 8, 0);
        buf.putLong(c + 16, 4);
        Path foo = Files.write(dir.resolve("foo.ko"), b);
        Path patch = SampleFiles.path("kernels/6.1-ppc64el/seed/seed_lp1.ko");
        Finding f = Loading.inspect(patch, List.of(foo), List.of()).targets().stream()
                .filter(t -> t.symbol().equals("c")).findFirst().orElseThrow().verdictFor(foo.toString()).orElseThrow()
                .findings().stream().filter(x -> x.check().equals("symbol-type")).findFirst().orElseThrow();
        assertEquals(Severity.SILENT, f.severity());
        assertTrue(f.message().contains("calls it, into data (the fault is modelled on x86-64 only)"), f.message());
    }

    /** kindswap_read's {@code 5: 8b 05 mov limit(%rip),%eax} rewritten to a store: v2's limit() is code, read-only. */
    @Test
    void writingWhatIsNowAFunctionIsACrash() throws IOException {
        Finding f = finding(rewritten("kindswap/kindswap_read.ko", 0x5, 0x8b, 0x89), "kindswap/v1/foo.ko",
                "kindswap/v2/foo.ko", "limit", "symbol-type");
        assertEquals(Severity.CRASH, f.severity());
        assertTrue(f.message().contains("livepatch_other writes it") && f.message().contains("code"), f.message());
        quotedFrom("rodata.log", f);
    }
}
