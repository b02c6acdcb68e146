package dev.klpscope.load;

import dev.klpscope.PrivateObjectCache;
import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The window's progress lines while {@link KernelCandidates#find} reads the packages of {@code samples/packages}. */
class KernelCandidatesProgressTest {

    @RegisterExtension
    final PrivateObjectCache cache = new PrivateObjectCache();



    @Test
    void saysWhichFolderAndPackageItReads() {
        Path folder = SampleFiles.path("packages");
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        List<Double> fractions = Collections.synchronizedList(new ArrayList<>());
        KernelCandidates found = KernelCandidates.find(List.of("sch_codel"), List.of(folder), false, (m, f) -> {
            lines.add(m);
            fractions.add(f);
        });
        assertEquals(2, found.candidates().size(), found.toString());
        assertEquals("Searching packages (1 of 1)…", lines.get(0));
        // Two packages are read at once, so the numbers of the last two may come in either order.
        Set<String> reading = new TreeSet<>(lines.subList(1, lines.size()));
        assertEquals(Set.of("Reading kernel-core-6.1.0-57-amd64.sample.rpm (1 of 3)…",
                "Reading linux-image-6.1.0-47-amd64_sample.deb (2 of 3)…",
                "Reading linux-image-6.1.0-57-amd64_sample.deb (3 of 3)…"), reading);
        assertEquals(4, lines.size(), lines.toString());
        assertEquals(-1.0, fractions.get(0));
        fractions.subList(1, fractions.size()).forEach(f -> assertEquals(true, f >= 0 && f < 1, fractions.toString()));
    }
}
