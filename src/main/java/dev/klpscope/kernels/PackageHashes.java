package dev.klpscope.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-256 of each package, remembered by the file's identity so that a warm run does not hash every package
 * again (the matrix's twelve packages are 881 MB; hashing them was most of a warm run). The same idea as git's index
 * and ccache's direct mode: a file whose {@code stat} is unchanged has unchanged bytes.
 *
 * <p>Identity is device, inode, size, modification time and <em>change</em> time, both in nanoseconds. The change
 * time ({@code st_ctime}) is what makes this safe: the kernel sets it to the current time on every write, truncate,
 * rename or {@code utimes} call, and no system call sets it to a chosen value, so a package rewritten in place with
 * its size and modification time put back ({@code touch -d}) still misses. Only a package whose bytes changed without
 * any write through this kernel (the file system edited offline, a clock set back by root to the same nanosecond)
 * could be taken for its old self. Two more rules close the races git calls "racily clean":
 * <ul>
 *   <li>the file's identity is read before and after hashing, and a hash is remembered only when both agree (the
 *       package was not replaced or written while it was hashed);</li>
 *   <li>it is remembered only when the file's last change is at least {@link #SETTLED} older than the start of the
 *       hashing: a write in the same clock tick as the hashing would leave the same timestamps (file systems keep
 *       time in ticks of a few milliseconds, FAT in two seconds). A package downloaded a moment ago is hashed
 *       again on its next run, and remembered then.</li>
 * </ul>
 *
 * <p>This remembers the package's hash only. What the cache holds for it is still never used unchecked: each copied
 * member is used only when its own SHA-256 matches the one recorded when it was written ({@link ObjectCache}).
 * Where the file system has no {@code unix} attributes (inode, change time), nothing is remembered and every run
 * hashes. Layout: {@code hashes/DEV-INODE} under the cache root, one line
 * {@code klpscope-package-hash 1 SIZE MTIME-NS CTIME-NS SHA256}, written atomically like every cache file.
 */
final class PackageHashes {

    /** How much older than the hashing a package's last change must be for its hash to be remembered. */
    static final Duration SETTLED = Duration.ofSeconds(2);

    private static final String MAGIC = "klpscope-package-hash 1";
    private static final Pattern LINE = Pattern.compile(
            Pattern.quote(MAGIC) + " (\\d+) (-?\\d+) (-?\\d+) ([0-9a-f]{64})\\n?");

    private final Path root;
    private final Path dir;
    private final Clock clock;

    PackageHashes(Path root, Clock clock) {
        this.root = root;
        this.dir = root.resolve("hashes");
        this.clock = clock;
    }

    /** What {@code stat} says of a file, as far as its contents go. */
    record Identity(long device, long inode, long size, long modifiedNanos, long changedNanos) {

        static Optional<Identity> of(Path file) {
            try {
                Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime");
                return Optional.of(new Identity((Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
                        nanos(a.get("lastModifiedTime")), nanos(a.get("ctime"))));
            } catch (UnsupportedOperationException | IllegalArgumentException | ClassCastException | IOException e) {
                return Optional.empty();
            }
        }

        private static long nanos(Object time) {
            return ((FileTime) time).to(TimeUnit.NANOSECONDS);
        }

        String fileName() {
            return Long.toHexString(device) + "-" + Long.toHexString(inode);
        }
    }

    /** The package's SHA-256: remembered if its identity is unchanged, else computed now (and remembered if settled). */
    String sha256(Path pkg) throws IOException {
        Optional<Identity> before = Identity.of(pkg);
        Optional<String> remembered = before.flatMap(this::recall);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        long started = TimeUnit.MILLISECONDS.toNanos(clock.millis());
        String sha = ObjectCache.sha256(pkg);
        Optional<Identity> after = Identity.of(pkg);
        if (before.isPresent() && before.equals(after)
                && before.get().changedNanos() <= started - SETTLED.toNanos()
                && before.get().modifiedNanos() <= started - SETTLED.toNanos()) {
            remember(before.get(), sha);
        }
        return sha;
    }

    private Optional<String> recall(Identity id) {
        try {
            String line = Files.readString(dir.resolve(id.fileName()), StandardCharsets.US_ASCII);
            Matcher m = LINE.matcher(line);
            if (m.matches() && Long.parseLong(m.group(1)) == id.size() && Long.parseLong(m.group(2)) == id.modifiedNanos()
                    && Long.parseLong(m.group(3)) == id.changedNanos()) {
                return Optional.of(m.group(4));
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            // none yet, or another run replacing it, or not ours: hash
            return Optional.empty();
        }
    }

    private void remember(Identity id, String sha) {
        String line = MAGIC + " " + id.size() + " " + id.modifiedNanos() + " " + id.changedNanos() + " " + sha + "\n";
        try {
            ObjectCache.writeAtomically(root, dir.resolve(id.fileName()), line.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // A read-only or full cache: the next run hashes again, nothing else changes.
        }
    }

    /** Forgets the hashes whose package entry is gone ({@code keep} says which hashes still have one). */
    void forgetAllBut(Predicate<String> keep) {
        try (DirectoryStream<Path> memos = Files.newDirectoryStream(dir)) {
            for (Path memo : memos) {
                Matcher m = LINE.matcher(readOrEmpty(memo));
                if (!m.matches() || !keep.test(m.group(4))) {
                    Files.deleteIfExists(memo);
                }
            }
        } catch (IOException e) {
            // no hashes yet, or another run trimming them
        }
    }

    private static String readOrEmpty(Path memo) {
        try {
            return Files.readString(memo, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }
}
