package dev.klpscope.robustness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the whole broken-input corpus through the command line in this JVM and prints one line per case:
 * {@code PASS name} or {@code FAIL name: why}. {@link BoundedMemoryTest} starts it with {@code -Xmx256m}.
 */
public final class CorpusRunner {

    private CorpusRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int failed = 0;
        for (BrokenInputs.Case c : BrokenInputs.all()) {
            Path file = BrokenInputCorpusTest.write(c, dir);
            try {
                BrokenInputCorpusTest.check(c, file, BrokenInputCorpusTest.run(c, file));
                System.out.println("PASS " + c.name());
            } catch (Throwable t) {
                failed++;
                System.out.println("FAIL " + c.name() + ": " + String.valueOf(t).replace('\n', ' '));
            }
        }
        System.out.println("max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        System.exit(failed == 0 ? 0 : 1);
    }
}
