package dev.klpscope.cli;

import dev.klpscope.report.TestSamples;

import java.nio.file.Path;

/** The seed scenario's files (samples/seed): a patch, foo v1 where the kernel refuses it, foo v2 where it loads. */
final class Seed {

    static final Path PATCH = TestSamples.file("seed/seed_lp2.ko");
    static final Path V1 = TestSamples.file("seed/v1/foo.ko");
    static final Path V2 = TestSamples.file("seed/v2/foo.ko");

    private Seed() {
    }

    /** How reports name a file inside the working directory (the samples are): relative to it. */
    static String named(Path file) {
        return Path.of("").toAbsolutePath().relativize(file.toAbsolutePath()).toString();
    }
}
