package dev.klpscope.kernels;

import java.util.List;
import java.util.SortedMap;

/**
 * One kernel build among the candidates: a release string ({@code 6.1.0-57-amd64}, {@code 6.12.95+deb12-amd64},
 * {@code 5.14.21-150500.55.65-default}), its flavour, and the objects of the patch found for it.
 *
 * @param release the kernel release ({@code uname -r}), as the package paths or the objects' vermagic say
 * @param flavour the configuration variant the release names ({@code amd64}, {@code rt-amd64}, {@code default});
 *                empty when the release names none
 * @param origins every source an object of this build came from (a {@code linux-image} and its {@code -dbg}
 *                package are one build), in the order the sources were given
 * @param objects object name → the object, sorted by name
 */
public record KernelBuild(String release, String flavour, List<Origin> origins, SortedMap<String, FoundObject> objects) {

    public KernelBuild {
        origins = List.copyOf(origins);
        objects = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(objects));
    }
}
