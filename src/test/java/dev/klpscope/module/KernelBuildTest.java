package dev.klpscope.module;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Releases as distributions spell them, split into build and flavour, and sorted by version. */
class KernelBuildTest {

    @Test
    void releasesOfTheCommittedSamplesSplitIntoBuildAndFlavour() {
        // The vermagic of each module (readelf -p .modinfo), read from the file: the build is what differs.
        assertEquals(new KernelBuild("6.1.0-57-amd64", "6.1.0-57", "amd64"), build("seed/v1/foo.ko"));
        assertEquals(new KernelBuild("6.12.95+deb12-amd64", "6.12.95+deb12", "amd64"), build("kernels/6.12/seed/v1/foo.ko"));
        assertEquals(new KernelBuild("7.3.4+deb13-amd64", "7.3.4+deb13", "amd64"), build("kernels/7.3/seed/v1/foo.ko"));
    }

    private static KernelBuild build(String sample) {
        return KernelBuild.of(KernelObjectReader.read(SampleFiles.path(sample)).release().orElseThrow());
    }

    @Test
    void otherDistributionsNamingRules() {
        assertEquals(new KernelBuild("6.1.0-57-cloud-amd64", "6.1.0-57", "cloud-amd64"), KernelBuild.of("6.1.0-57-cloud-amd64"));
        assertEquals(new KernelBuild("6.1.0-57-rt-amd64", "6.1.0-57", "rt-amd64"), KernelBuild.of("6.1.0-57-rt-amd64"));
        assertEquals(new KernelBuild("5.15.0-91-generic", "5.15.0-91", "generic"), KernelBuild.of("5.15.0-91-generic"));
        assertEquals(new KernelBuild("5.14.21-150500.55.39-default", "5.14.21-150500.55.39", "default"),
                KernelBuild.of("5.14.21-150500.55.39-default"));
        assertEquals(new KernelBuild("6.5.6-300.fc39.x86_64", "6.5.6-300.fc39.x86_64", ""), KernelBuild.of("6.5.6-300.fc39.x86_64"));
        assertEquals(new KernelBuild("6.8.0-rc1", "6.8.0-rc1", ""), KernelBuild.of("6.8.0-rc1"));
        assertEquals(new KernelBuild("6.6.0", "6.6.0", ""), KernelBuild.of("6.6.0"));
    }

    @Test
    void sortedByVersionNumbersAsNumbers() {
        List<String> expected = List.of("6.1.0-9-amd64", "6.1.0-47-amd64", "6.1.0-50-amd64", "6.1.0-57-amd64",
                "6.12.95+deb12-amd64", "7.3.4+deb13-amd64");
        List<KernelBuild> builds = new ArrayList<>(expected.stream().map(KernelBuild::of).toList());
        Collections.reverse(builds);
        Collections.sort(builds);
        assertEquals(expected, builds.stream().map(KernelBuild::release).toList());
    }
}
