package dev.klpscope.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.klpscope.cli.Seed.PATCH;
import static dev.klpscope.cli.Seed.V1;
import static dev.klpscope.cli.Seed.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A raw BTF file (pahole's BTF of the seed module, as a copy of /sys/kernel/btf/vmlinux is) given with
 * {@code --baseline} is no build the patch was made against: refused by name with what to do (exit 2), not read as
 * a base while the baseline is inferred from the others.
 */
class BaselineIsABaseTest {

    @Test
    void aRawBtfFileAsBaselineIsRefused(@TempDir Path dir) throws Exception {
        Path btf = dir.resolve("vmlinux.btf");
        try (InputStream in = new XZInputStream(dev.klpscope.module.types.Btf.class.getResourceAsStream("seed-foo-v1.btf.xz"))) {
            Files.write(btf, in.readAllBytes());
        }
        CliRun run = CliRun.of("check", PATCH, V1, V2, "--baseline", btf);
        assertEquals(2, run.exit(), run.out());
        assertEquals(btf + ": is a BTF base (raw BTF or a vmlinuz: no symbols), not a build the patch can have been made "
                + "against: give it as a candidate or with --btf-base, and the build as --baseline\n", run.err());
        assertEquals("", run.out());
    }
}
