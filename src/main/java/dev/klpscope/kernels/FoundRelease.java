package dev.klpscope.kernels;

import java.util.List;
import java.util.SortedMap;

/**
 * One kernel release found among the sources (packages, trees, folders), with the objects of the patch found for it
 * and where they came from: a release string ({@code 6.1.0-57-amd64}, {@code 6.12.95+deb12-amd64},
 * {@code 5.14.21-150500.55.65-default}) and its flavour. Not {@link dev.klpscope.module.KernelBuild}, which is the
 * release string of one object split into build and flavour for sorting and labels; this is what
 * {@link KernelBuilds#find} found on disk for one release, before anything is read as a candidate.
 *
 * @param release the kernel release ({@code uname -r}), as the package paths or the objects' vermagic say
 * @param flavour the configuration variant the release names ({@code amd64}, {@code rt-amd64}, {@code default});
 *                empty when the release names none
 * @param origins every source an object of this build came from (a {@code linux-image} and its {@code -dbg}
 *                package are one build), in the order the sources were given
 * @param objects object name → the object, sorted by name
 */
public record FoundRelease(String release, String flavour, List<Origin> origins, SortedMap<String, FoundObject> objects) {

    public FoundRelease {
        origins = List.copyOf(origins);
        objects = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(objects));
    }
}
