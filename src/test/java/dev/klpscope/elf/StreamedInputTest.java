package dev.klpscope.elf;

import dev.klpscope.report.TestSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A FIFO is read into memory, not mapped, and refused with its name past the bound instead of filling memory. */
class StreamedInputTest {

    @TempDir
    Path tmp;

    private static final Path PATCH = TestSamples.file("seed/seed_lp2.ko");

    private Path fifoCarrying(byte[] bytes) throws IOException, InterruptedException {
        Path fifo = tmp.resolve("in.fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, p.waitFor());
        CompletableFuture.runAsync(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(bytes);
            } catch (IOException e) {
                // the reader gave up at the bound
            }
        }).orTimeout(30, TimeUnit.SECONDS);
        return fifo;
    }

    @Test
    void aFifoIsReadWhole() throws Exception {
        byte[] bytes = Files.readAllBytes(PATCH);
        ElfImage image = ElfImage.open(fifoCarrying(bytes));
        assertEquals(bytes.length, image.fileSize());
        assertEquals(ElfImage.open(PATCH).sections(), image.sections());
    }

    @Test
    void aFifoPastTheBoundIsRefusedByName() throws Exception {
        byte[] bytes = Files.readAllBytes(PATCH);
        assertTrue(bytes.length > 4096);
        Path fifo = fifoCarrying(bytes);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> ElfImage.open(fifo, 4096));
        assertTrue(e.getMessage().startsWith(fifo.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("more than 4096 bytes"), e.getMessage());
    }
}
