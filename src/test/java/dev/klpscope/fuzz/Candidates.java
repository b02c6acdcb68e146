package dev.klpscope.fuzz;

import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;

import java.nio.file.Path;
import java.util.List;

/** Real candidate modules from {@code samples/}, read once per JVM. */
final class Candidates {

    private static List<KernelObject> seed;

    private Candidates() {
    }

    static Path samples() {
        return Path.of(System.getProperty("klpscope.samples", "samples"));
    }

    static synchronized List<KernelObject> seed() {
        if (seed == null) {
            seed = List.of(KernelObjectReader.read(samples().resolve("seed/v1/foo.ko")),
                    KernelObjectReader.read(samples().resolve("seed/v2/foo.ko")));
        }
        return seed;
    }
}
