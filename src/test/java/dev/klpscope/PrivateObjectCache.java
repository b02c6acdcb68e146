package dev.klpscope;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An empty extraction cache of its own for each test ({@code klpscope.cache}, which {@code ObjectCache.userDefault()}
 * reads), so that packages are really read and a test never sees another run's copies; the property is put back and
 * the folder removed afterwards. Use: {@code @RegisterExtension final PrivateObjectCache cache = new PrivateObjectCache();}
 */
public final class PrivateObjectCache implements BeforeEachCallback, AfterEachCallback {

    static final String PROPERTY = "klpscope.cache";

    private Path path;
    private String previous;

    /** The cache folder of the running test. */
    public Path path() {
        return path;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        path = Files.createTempDirectory("klpscope-cache");
        previous = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, path.toString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (previous == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, previous);
        }
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
