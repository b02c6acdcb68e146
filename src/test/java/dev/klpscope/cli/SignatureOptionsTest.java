package dev.klpscope.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --sig-enforce} and {@code --lockdown} on the command line, with Debian's 6.1.0-57 {@code -dbg} vmlinux (which
 * holds its built-in certificates) when cached: the unsigned debian patch taints that kernel as built, and is refused
 * with each mode's kernel line (samples/signature, recorded under QEMU).
 */
class SignatureOptionsTest {

    private static final Path VMLINUX = Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");
    private static final String PATCH = "samples/debian/debian_lp.ko";

    @Test
    void eachModeSaysWhatTheKernelPrints() {
        Assumptions.assumeTrue(Files.isRegularFile(VMLINUX), "Debian -dbg vmlinux 6.1.0-57 not cached");
        CliRun asBuilt = CliRun.of("check", PATCH, VMLINUX, "--fail-on", "refused");
        assertEquals(0, asBuilt.exit(), asBuilt.err());
        assertTrue(asBuilt.out().contains("debian_lp: module verification failed: signature and/or required key missing"),
                asBuilt.out());
        CliRun enforced = CliRun.of("check", PATCH, VMLINUX, "--fail-on", "refused", "--sig-enforce");
        assertEquals(1, enforced.exit(), enforced.err());
        assertTrue(enforced.out().contains("Loading of unsigned module is rejected"), enforced.out());
        CliRun lockdown = CliRun.of("check", PATCH, VMLINUX, "--fail-on", "refused", "--lockdown");
        assertEquals(1, lockdown.exit(), lockdown.err());
        assertTrue(lockdown.out().contains("Lockdown: insmod: unsigned module loading is restricted"), lockdown.out());
    }
}
