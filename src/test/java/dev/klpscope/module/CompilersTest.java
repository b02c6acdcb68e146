package dev.klpscope.module;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A Debian vmlinux names one compiler in {@code .comment} and in {@code linux_banner}: the two readings agree on the
 * real -dbg files (cached, not committed). Expected strings are {@code readelf -p .comment}'s and
 * {@code strings vmlinux | grep 'Linux version'}'s: 6.1 says "(gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld ...)",
 * 6.12 "(x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld ...)".
 */
class CompilersTest {

    private static final String GCC12 = "gcc (Debian 12.2.0-14+deb12u1) 12.2.0";

    @Test
    void commentAndBannerOfDebianVmlinuxAgree() {
        for (Path p : List.of(Path.of("/var/cache/klpscope/dbg/6.1.0-57/vmlinux"),
                Path.of("/var/cache/klpscope/vmlinux-6.12.95+deb12-amd64"))) {
            Assumptions.assumeTrue(Files.isRegularFile(p), p + " not in the cache");
            KernelObject v = KernelObjectReader.read(p);
            assertEquals(Optional.of(new Compilers.Compiler(GCC12, ".comment")), Compilers.of(v));
            assertEquals(Optional.of(GCC12), Compilers.fromBanner(v.banner().orElseThrow()), v.banner().toString());
        }
    }

    @Test
    void clangIsNamedByItsVersion() {
        // kpatch-build's clang_version_from_file(): grep -Eo 'clang version [0-9.]+'
        assertEquals(Optional.of("clang version 14.0.6"), Compilers.fromComment("Debian clang version 14.0.6"));
        assertEquals(Optional.of("clang version 14.0.6"), Compilers.fromBanner(
                "Linux version 6.1.0 (u@h) (Debian clang version 14.0.6, Debian LLD 14.0.6) #1 SMP"));
    }
}
