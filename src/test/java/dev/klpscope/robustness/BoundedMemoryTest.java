package dev.klpscope.robustness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole corpus, bombs included, in a JVM with a 256 MiB heap: every case must still give its one clear answer. */
class BoundedMemoryTest {

    @TempDir
    Path dir;

    /** Well above the few seconds the run takes; the child is killed when it is over. */
    static final long TIMEOUT_SECONDS = 240;

    @Test
    void everyBrokenInputIsHandledInA256MiBHeap() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("corpus.log");
        Path work = Files.createDirectory(dir.resolve("work"));
        // the child writes to a file, not a pipe: waitFor's timeout holds whatever the child does with its output
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-Dklpscope.samples=" + BrokenInputs.samples().toAbsolutePath(),
                "-cp", System.getProperty("java.class.path"), CorpusRunner.class.getName(), work.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, () -> "corpus run still running after " + TIMEOUT_SECONDS + " s:\n" + text);
        List<String> lines = text.lines().toList();
        long passed = lines.stream().filter(l -> l.startsWith("PASS ")).count();
        assertEquals(0, p.exitValue(), () -> "forked run failed (an OutOfMemoryError exits with 3):\n" + text);
        assertEquals(BrokenInputs.all().size(), passed, () -> "every case passed:\n" + text);
        assertTrue(text.contains("max heap 256 MiB") || text.matches("(?s).*max heap 2[0-9]{2} MiB.*"), text);
    }
}
