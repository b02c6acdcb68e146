package dev.klpscope.ui.view;

import dev.klpscope.PrivateObjectCache;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14: while kernel packages are searched, read and inspected in the background, the UI thread keeps answering;
 * measured as {@link LoadResponsivenessTest} measures it (a {@code Platform.runLater} ping every 50 ms, the longest
 * wait of a ping is the stall) and held to its limit ({@link LoadResponsivenessTest#MAX_STALL_MS}). The package cache
 * is a fresh folder each test, so every package is really read (the cold case).
 */
@ExtendWith(ApplicationExtension.class)
class PackageLoadResponsivenessTest extends WindowFixture {

    static final Path CACHE = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"));
    /** Reading eleven real packages cold takes tens of seconds on a busy 2-core machine. */
    static final long WAIT_SECONDS = 600;

    @RegisterExtension
    final PrivateObjectCache cache = new PrivateObjectCache();

    @Start
    void start(Stage stage) {
        startOnSeed(stage);
    }



    @Test
    void samplePackages() throws Exception {
        Path folder = SAMPLES.resolve("packages");
        // Read in well under a second: the status bar's "Reading …" may never be drawn (KernelCandidatesProgressTest
        // holds the messages).
        loadAndMeasure("samples/packages", List.of(folder), releasesNamed(packagesIn(folder)), false);
    }

    @Test
    void elevenDebianPackagesWhenCached() throws Exception {
        List<Path> debs = elevenDebs();
        loadAndMeasure("11 Debian linux-image 6.1.0-47…57", debs, releasesNamed(debs), true);
    }

    /**
     * Cancel (the status bar's button) while the first packages are read: the window keeps what it showed, the job
     * ends with "cancelled" and no problem lines, and the packages not yet begun are never read (their member is
     * never copied into the cache; two are read at once, so at most the two in progress may have been copied).
     */
    @Test
    void cancelWhileReadingElevenDebianPackages() throws Exception {
        List<Path> debs = elevenDebs();
        settle();
        String shown = vm.getInspection().patch().name();
        interact(() -> vm.open(SAMPLES.resolve("debian/debian_lp.ko"), debs));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS,
                () -> jobs.messageProperty().get().matches("Reading \\S+\\.deb \\(\\d+ of 11\\)…"));
        long t0 = System.nanoTime();
        clickOn("#cancelJob");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !jobs.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(shown, vm.getInspection().patch().name(), "what was shown stays shown");
        assertTrue(vm.statusProperty().get().endsWith("cancelled"), vm.statusProperty().get());
        // The next job runs on the same worker thread, after the cancelled one has really stopped.
        interact(() -> vm.open(SAMPLES.resolve("debian/debian_lp.ko"), List.of(SAMPLES.resolve("packages"))));
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> !jobs.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        long stoppedMs = (System.nanoTime() - t0) / 1_000_000;
        long copies;
        try (Stream<Path> s = Files.walk(cache.path())) {
            copies = s.filter(p -> p.getFileName().toString().equals("sch_codel.ko")).count();
        }
        String line = String.format("cancel while reading 11 Debian packages: worker free again (and the 3 sample "
                + "packages read) %d ms after Cancel; %d sch_codel.ko copies in the cache (3 from the samples)%n",
                stoppedMs, copies);
        System.out.print(line);
        Files.writeString(Path.of("target/window-load-responsiveness.txt"), line, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        assertEquals("debian_lp", vm.getInspection().patch().name());
        assertTrue(copies <= 3 + 2, line);
    }

    static List<Path> elevenDebs() throws Exception {
        List<Path> debs = new ArrayList<>();
        for (int abi = 47; abi <= 57; abi++) {
            String prefix = "linux-image-6.1.0-" + abi + "-amd64_";
            try (Stream<Path> s = Files.isDirectory(CACHE) ? Files.list(CACHE) : Stream.empty()) {
                s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".deb"))
                        .findFirst().ifPresent(debs::add);
            }
        }
        Assumptions.assumeTrue(debs.size() == 11, "Debian's linux-image-6.1.0-{47..57}-amd64 packages are not all in "
                + CACHE + " (found " + debs.size() + "; scripts/ fetches them)");
        return debs;
    }

    /** The releases the package file names say (linux-image-RELEASE_…, kernel-core-RELEASE.…), one candidate each. */
    static Set<String> releasesNamed(List<Path> packages) {
        Set<String> releases = new TreeSet<>();
        for (Path p : packages) {
            String name = p.getFileName().toString();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+\\.\\d+\\.\\d+-\\d+-amd64)").matcher(name);
            assertTrue(m.find(), name);
            releases.add(m.group(1));
        }
        return releases;
    }

    static List<Path> packagesIn(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".deb") || p.toString().endsWith(".rpm")).toList();
        }
    }

    private void loadAndMeasure(String what, List<Path> sources, Set<String> releases, boolean slowEnoughToSee)
            throws Exception {
        settle();
        Path patch = SAMPLES.resolve("debian/debian_lp.ko");
        List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        UiStallProbe probe = UiStallProbe.start(() -> {
            String m = jobs.messageProperty().get();
            if (messages.isEmpty() || !messages.get(messages.size() - 1).equals(m)) {
                messages.add(m);
            }
        });
        try (probe) {
            interact(() -> vm.open(patch, sources));
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> !jobs.runningProperty().get());
            WaitForAsyncUtils.waitForFxEvents();
        }
        long total = (System.nanoTime() - t0) / 1_000_000;
        String line = String.format("%s: searched, read (cache cold) and inspected in %d ms; %d pings answered, "
                + "longest wait %d ms (limit %d ms)%n", what, total, probe.pings(), probe.longestWaitMs(),
                LoadResponsivenessTest.MAX_STALL_MS);
        System.out.print(line);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/window-load-responsiveness.txt"), line, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        assertTrue(vm.getInspection() != null && vm.getInspection().patch().name().equals("debian_lp"),
                "the Debian patch is shown");
        assertEquals(releases.size(), vm.getInspection().candidates().size(), "one candidate per release " + releases);
        assertTrue(!slowEnoughToSee || messages.stream().anyMatch(m -> m.matches("Reading \\S+\\.(deb|rpm) \\(\\d+ of \\d+\\)…")),
                "the status bar said which package it read: " + messages);
        assertTrue(probe.longestWaitMs() < LoadResponsivenessTest.MAX_STALL_MS, line);
    }
}
