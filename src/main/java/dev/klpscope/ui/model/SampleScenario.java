package dev.klpscope.ui.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The seed scenario a newcomer sees first: {@code samples/seed/seed_lp2.ko} against foo v1 (refused) and v2 (ok).
 * The samples folder is {@code -Dklpscope.samples}, else {@code samples/} in the working directory or above it.
 */
public record SampleScenario(Path patch, List<Path> candidates) {

    public static final String PROPERTY = "klpscope.samples";

    public static Optional<SampleScenario> seed() {
        return samplesDir().map(d -> new SampleScenario(d.resolve("seed/seed_lp2.ko"),
                List.of(d.resolve("seed/v1/foo.ko"), d.resolve("seed/v2/foo.ko"))))
                .filter(s -> Files.isRegularFile(s.patch()));
    }

    public static Optional<Path> samplesDir() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Optional.of(shorten(Path.of(prop)));
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("samples");
            if (Files.isDirectory(s.resolve("seed"))) {
                return Optional.of(shorten(s));
            }
        }
        return Optional.empty();
    }

    /** Relative to the working directory when inside it: shorter paths in the window, reports and screenshots. */
    private static Path shorten(Path dir) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = dir.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs) : dir;
    }
}
