package dev.klpscope.robustness;

import dev.klpscope.cli.Cli;
import dev.klpscope.report.ReportedPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every broken package through {@code klpscope check debian_lp.ko --kernels BROKEN GOOD}: one warning line naming
 * the broken package (and member), the good package still checked, and nothing written outside the cache.
 */
class BrokenPackageCorpusTest {

    @TempDir
    static Path dir;
    static String previousCache;

    static List<BrokenPackages.Case> cases() {
        return BrokenPackages.all();
    }

    @BeforeAll
    static void isolateTheCache() {
        previousCache = System.getProperty("klpscope.cache");
    }

    @AfterAll
    static void restoreTheCache() {
        if (previousCache == null) {
            System.clearProperty("klpscope.cache");
        } else {
            System.setProperty("klpscope.cache", previousCache);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void brokenPackageIsOneLineAndTheOthersAreStillChecked(BrokenPackages.Case c) throws IOException {
        // The cache sits two levels down, so that a member escaping with ../../ would land inside the watched folder.
        Path work = Files.createDirectories(dir.resolve(c.name()));
        Path cache = work.resolve("a/b/cache");
        Files.createDirectories(cache.getParent());
        Path bad = Files.write(work.resolve(c.fileName()), c.bytes());
        Path good = Files.copy(c.suffix().equals(".rpm") ? BrokenPackages.goodRpm() : BrokenPackages.goodDeb(),
                work.resolve("good" + c.suffix()));
        Map<Path, Long> before = snapshot(work);
        System.setProperty("klpscope.cache", cache.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run(new String[]{"check",
                BrokenInputs.samples().resolve("debian/debian_lp.ko").toString(), "--kernels", bad.toString(),
                good.toString(), "--format", "brief"}, new PrintWriter(out, true), new PrintWriter(err, true)));

        List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), () -> c + ": one line on stderr, got:\n" + err);
        String line = lines.get(0);
        assertTrue(line.startsWith("klpscope: warning: " + bad + ": "), () -> c + ": names the package: " + line);
        assertTrue(line.substring(("klpscope: warning: " + bad).length()).contains(c.fragment()),
                () -> c + ": expected '" + c.fragment() + "' in: " + line);
        assertFalse(line.contains("Exception") || line.contains("\tat "), line);
        assertTrue(exit == 0 || exit == 1, () -> c + ": the good package is checked (exit " + exit + "): " + err);
        assertTrue(out.toString().contains(ReportedPath.of(good) + ":lib/modules/6.1.0-57-amd64/kernel/net/sched/sch_codel.ko"),
                () -> c + ": the good package's module is in the report, named by package and member:\n" + out);

        Map<Path, Long> after = snapshot(work);
        after.keySet().removeIf(p -> p.startsWith(cache));
        assertEquals(before, after, c + ": nothing written outside the cache, and the inputs unchanged");
    }

    /** Every file under {@code root} with its size and modification time folded into one number. */
    static Map<Path, Long> snapshot(Path root) throws IOException {
        Map<Path, Long> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                out.put(p, Files.isRegularFile(p) ? Files.size(p) * 31 + Files.getLastModifiedTime(p).toMillis() : -1L);
            }
        }
        return out;
    }
}
