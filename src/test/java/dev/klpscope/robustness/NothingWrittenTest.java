package dev.klpscope.robustness;

import dev.klpscope.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * klpscope never opens an input for writing: read-only copies of a patch and a candidate go through
 * {@code check} and {@code show} (and a broken one through the failure path) while a security manager refuses
 * and records every write-open of them; afterwards bytes and modification times are unchanged.
 * (Permissions alone prove nothing when the tests run as root.)
 */
class NothingWrittenTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("removal")
    void inputsAreNeverOpenedForWriting() throws IOException {
        Path patch = copyReadOnly(BrokenInputs.patchSample(), "patch.ko");
        Path candidate = copyReadOnly(BrokenInputs.candidateSample(), "foo.ko");
        Path broken = dir.resolve("broken.ko");
        byte[] b = BrokenInputs.read(BrokenInputs.patchSample());
        Files.write(broken, Arrays.copyOf(b, b.length / 2));
        broken.toFile().setReadOnly();
        List<Path> inputs = List.of(patch, candidate, broken);
        List<byte[]> before = new ArrayList<>();
        List<FileTime> mtimes = new ArrayList<>();
        for (Path p : inputs) {
            before.add(Files.readAllBytes(p));
            mtimes.add(Files.getLastModifiedTime(p));
        }
        List<String> writes = new ArrayList<>();
        SecurityManager previous = System.getSecurityManager();
        System.setSecurityManager(new SecurityManager() {
            @Override
            public void checkPermission(java.security.Permission perm) {
                // everything else is allowed
            }

            @Override
            public void checkWrite(String file) {
                for (Path p : inputs) {
                    if (Path.of(file).toAbsolutePath().normalize().equals(p.toAbsolutePath().normalize())) {
                        synchronized (writes) {
                            writes.add(file);
                        }
                        throw new SecurityException("input opened for writing: " + file);
                    }
                }
            }
        });
        int[] exits = new int[4];
        StringWriter err = new StringWriter();
        try {
            exits[0] = cli(err, "check", patch.toString(), candidate.toString());
            exits[1] = cli(err, "show", patch.toString());
            exits[2] = cli(err, "check", broken.toString(), candidate.toString());
            exits[3] = cli(err, "check", "--format", "json", patch.toString(), candidate.toString());
        } finally {
            System.setSecurityManager(previous);
        }
        assertEquals(List.of(), writes, "write-opens of inputs");
        assertTrue(exits[0] == 0 || exits[0] == 1, "check exit " + exits[0] + ": " + err);
        assertEquals(0, exits[1], "show exit: " + err);
        assertEquals(2, exits[2], "broken input exit: " + err);
        assertTrue(err.toString().contains(broken.toString()), err.toString());
        assertTrue(exits[3] == 0 || exits[3] == 1, "json exit " + exits[3] + ": " + err);
        for (int i = 0; i < inputs.size(); i++) {
            assertArrayEquals(before.get(i), Files.readAllBytes(inputs.get(i)), inputs.get(i) + " bytes unchanged");
            assertEquals(mtimes.get(i), Files.getLastModifiedTime(inputs.get(i)), inputs.get(i) + " mtime unchanged");
        }
    }

    @Test
    void reportIsNeverWrittenOverAnInput() throws IOException {
        Path patch = copyReadOnly(BrokenInputs.patchSample(), "patch.ko");
        Path candidate = copyReadOnly(BrokenInputs.candidateSample(), "foo.ko");
        byte[] before = Files.readAllBytes(candidate);
        StringWriter err = new StringWriter();
        int exit = cli(err, "check", "--output", candidate.toString(), patch.toString(), candidate.toString());
        assertEquals(2, exit, err.toString());
        assertArrayEquals(before, Files.readAllBytes(candidate));
    }

    private Path copyReadOnly(Path from, String name) throws IOException {
        Path p = Files.copy(from, dir.resolve(name));
        assertTrue(p.toFile().setReadOnly());
        return p;
    }

    private static int cli(StringWriter err, String... args) {
        return Cli.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    }
}
