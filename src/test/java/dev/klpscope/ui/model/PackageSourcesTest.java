package dev.klpscope.ui.model;

import dev.klpscope.PrivateObjectCache;
import dev.klpscope.module.KernelObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernel packages in the window without a stage: Check → Don't Cache Package Members ({@code --no-cache}) and the
 * recent list, on {@code samples/packages} (sch_codel.ko of Debian's 6.1.0-47 and 6.1.0-57 in small packages, and an
 * RPM built here from 6.1.0-57's) under the Debian sample patch.
 */
class PackageSourcesTest {

    private static final Path SAMPLES = SampleScenario.samplesDir().orElseThrow();
    private static final Path PATCH = SAMPLES.resolve("debian/debian_lp.ko");
    private static final Path PACKAGES = SAMPLES.resolve("packages");

    @RegisterExtension
    final PrivateObjectCache cache = new PrivateObjectCache();

    private static List<Path> packages() throws IOException {
        try (Stream<Path> all = Files.list(PACKAGES)) {
            return all.filter(p -> p.toString().endsWith(".deb") || p.toString().endsWith(".rpm")).sorted()
                    .map(p -> p.toAbsolutePath().normalize()).toList();
        }
    }

    private long cachedFiles() throws IOException {
        try (Stream<Path> all = Files.walk(cache.path())) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    /** Check → Don't Cache Package Members is the view-model's setting, which the session hands to the loading service. */
    @Test
    void noCacheLeavesTheUsersCacheEmptyAndTheCacheIsUsedOtherwise() throws IOException {
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.noCacheProperty().set(true);
        vm.open(PATCH, List.of(PACKAGES));
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        assertEquals(2, vm.candidates().size(), "one sch_codel.ko for each of the two releases");
        assertTrue(vm.getInspection() != null);
        assertEquals(0, cachedFiles(), "nothing copied into " + cache.path());

        vm.noCacheProperty().set(false);
        vm.open(PATCH, List.of(PACKAGES));
        assertEquals(2, vm.candidates().size());
        assertTrue(cachedFiles() > 0, "the members are copied into " + cache.path());
    }

    /**
     * A candidate from a package is remembered as the package: its path ({@code PACKAGE:MEMBER}) names no file, so it
     * used to be dropped from the list. Opening the entry again gives the same candidates.
     */
    @Test
    void aPatchIsRememberedWithThePackagesItsCandidatesCameFrom() throws Exception {
        Preferences prefs = Preferences.userRoot().node("/dev/klpscope/ui-test/recent-packages");
        try {
            Outcome first = new Session().open(PATCH, List.of(PACKAGES), Progress.NONE);
            List<String> paths = first.workspace().candidates().stream().map(KernelObject::path).toList();
            assertTrue(paths.stream().allMatch(p -> p.contains(".deb:") || p.contains(".rpm:")), paths.toString());
            assertTrue(paths.stream().noneMatch(p -> Files.exists(Path.of(p))), "member paths name no file: " + paths);

            RecentFiles recent = new RecentFiles(prefs);
            recent.remember(first.workspace());
            RecentFiles.Entry entry = recent.entries().get(0);
            assertEquals(PATCH.toAbsolutePath().normalize(), entry.path());
            List<Path> remembered = entry.candidates().orElseThrow();
            assertEquals(2, remembered.size(), remembered.toString());
            assertTrue(packages().containsAll(remembered), remembered.toString());
            for (int i = 0; i < paths.size(); i++) {
                Path member = Path.of(paths.get(i)).toAbsolutePath();
                assertTrue(member.toString().startsWith(remembered.get(i) + ":"), member + " from " + remembered.get(i));
            }

            Outcome again = new Session().open(entry.path(), entry.candidates().orElseThrow(), Progress.NONE);
            assertTrue(again.problems().isEmpty(), again.problems().toString());
            assertEquals(paths.stream().sorted().toList(),
                    again.workspace().candidates().stream().map(KernelObject::path).sorted().toList());
        } finally {
            prefs.removeNode();
        }
    }

    @Test
    void aFileIsRememberedAsItself() {
        Path v57 = SAMPLES.resolve("debian/v57/sch_codel.ko");
        Outcome o = new Session().open(PATCH, List.of(v57), Progress.NONE);
        assertEquals(List.of(Path.of(o.workspace().candidates().get(0).path())), RecentFiles.sourcesOf(o.workspace()));
        assertFalse(o.workspace().origins().containsKey(o.workspace().candidates().get(0).path()));
    }
}
