package dev.klpscope.module.types;

import org.tukaani.xz.XZInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real BTF for the tests: the committed {@code seed-foo-v1.btf.xz} (pahole's BTF of the unstripped seed module,
 * made by {@code make.sh} beside it), and what the cache holds ({@code ${KLP_CACHE:-/var/cache/klpscope}}: Debian's
 * -dbg vmlinux and modules), for the tests that run only where it is present.
 */
final class BtfTestFiles {

    static final Path CACHE = Path.of(System.getenv().getOrDefault("KLP_CACHE", "/var/cache/klpscope"));

    private BtfTestFiles() {
    }

    static byte[] seedBtf() {
        try (InputStream in = new XZInputStream(BtfTestFiles.class.getResourceAsStream("seed-foo-v1.btf.xz"))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path dbgVmlinux(String abi) {
        return CACHE.resolve("dbg").resolve(abi).resolve("vmlinux");
    }

    static Path modules(String abi) {
        return CACHE.resolve("modules").resolve(abi).resolve("lib/modules").resolve(abi + "-amd64").resolve("kernel");
    }

    /** The 6.12 vmlinux the 6.12 samples were built against (samples/build.sh --kernel 6.12 caches it). */
    static Path vmlinux612() {
        return CACHE.resolve("vmlinux-6.12.95+deb12-amd64");
    }
}
