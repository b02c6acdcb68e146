package dev.klpscope.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects copied out of packages, kept between runs so that the second run over eleven packages reads eleven
 * hashes instead of eleven archives. Layout under the root ({@code $XDG_CACHE_HOME/klpscope}, default
 * {@code ~/.cache/klpscope}):
 *
 * <pre>
 * objects/SHA256-OF-PACKAGE/index            every kernel object member of the package (written after a clean scan)
 * objects/SHA256-OF-PACKAGE/KEY/NAME.ko      a copied member (KEY: hash of its path; NAME: its file name)
 * objects/SHA256-OF-PACKAGE/KEY/NAME.ko.sha256   the copy's own SHA-256
 * hashes/DEV-INODE                           a package's SHA-256 by its file's identity ({@link PackageHashes})
 * tmp/                                       files being written
 * </pre>
 *
 * <p>Safe when runs share it: every file is written under {@code tmp/} and renamed into place atomically, and two
 * runs writing the same entry write the same bytes. Never trusted: a package's entry is found by the SHA-256 of its
 * bytes (never by name), computed now unless the very same file, unchanged since (device, inode, size, modification
 * and change time in nanoseconds), was hashed before ({@link PackageHashes} says why that is safe); and a copy is
 * used only when its own SHA-256 matches the one recorded when it was written; anything else is copied again. Bounded: after a run, whole package entries are removed, least recently
 * used first, until the cache is under its size (entries used by this run are kept).
 */
public final class ObjectCache {

    /** Default bound: room for one {@code -dbg} vmlinux (0.6 GB) and a fleet's modules. */
    public static final long DEFAULT_MAX_BYTES = 4L << 30;

    private final Path root;
    private final long maxBytes;
    private final Set<Path> usedThisRun = ConcurrentHashMap.newKeySet();
    private final PackageHashes hashes;

    private ObjectCache(Path root, long maxBytes, Clock clock) {
        this.root = root;
        this.maxBytes = maxBytes;
        this.hashes = new PackageHashes(root, clock);
    }

    /**
     * The user's cache: {@code $XDG_CACHE_HOME/klpscope}, else {@code ~/.cache/klpscope}; the system property
     * {@code klpscope.cache} names another folder (tests, CI).
     */
    public static ObjectCache userDefault() {
        String property = System.getProperty("klpscope.cache");
        return at(property != null && !property.isEmpty() ? Path.of(property) : userDirectory(System.getenv()),
                DEFAULT_MAX_BYTES);
    }

    static Path userDirectory(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        // The XDG base-directory spec: a relative value is invalid and must be ignored.
        Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("klpscope");
    }

    public static ObjectCache at(Path root, long maxBytes) {
        return new ObjectCache(root, maxBytes, Clock.systemUTC());
    }

    /** A cache whose {@link PackageHashes} read the time from {@code clock} (tests of the settling rule). */
    static ObjectCache at(Path root, long maxBytes, Clock clock) {
        return new ObjectCache(root, maxBytes, clock);
    }

    /**
     * {@code --no-cache}: a private directory of this process, removed when it exits; nothing of an earlier run is
     * read and nothing is left for a later one.
     */
    public static ObjectCache none() {
        try {
            Path dir = Files.createTempDirectory("klpscope-nocache");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            return new ObjectCache(dir, Long.MAX_VALUE, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    /** The entry of {@code pkg}, found by the SHA-256 of the package's bytes. */
    Entry entryFor(Path pkg) throws IOException {
        String sha = hashes.sha256(pkg);
        Path dir = root.resolve("objects").resolve(sha);
        usedThisRun.add(dir);
        return new Entry(dir);
    }

    /** One package's copied members. */
    final class Entry {
        private final Path dir;

        private Entry(Path dir) {
            this.dir = dir;
        }

        /** The members recorded by an earlier clean scan, if there was one. */
        Optional<List<String>> index() {
            try {
                Path index = dir.resolve("index");
                List<String> members = Files.readAllLines(index, StandardCharsets.UTF_8);
                Files.setLastModifiedTime(index, FileTime.fromMillis(System.currentTimeMillis()));
                return Optional.of(members);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        void writeIndex(List<String> members) throws IOException {
            StringBuilder lines = new StringBuilder();
            members.forEach(m -> lines.append(m).append('\n'));
            writeAtomically(root, dir.resolve("index"), lines.toString().getBytes(StandardCharsets.UTF_8));
        }

        /** The copy of {@code member}, only if its bytes still hash to what was recorded when it was written. */
        Optional<Path> cached(String member) {
            Path copy = copyPath(member);
            Path sum = sumPath(copy);
            try {
                if (!Files.isRegularFile(copy) || !Files.isRegularFile(sum)) {
                    return Optional.empty();
                }
                String recorded = Files.readString(sum, StandardCharsets.US_ASCII).trim();
                return recorded.equals(sha256(copy)) ? Optional.of(copy) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** Copies {@code contents} (at most {@code limit} bytes) into the entry, atomically, and returns the copy. */
        Path store(String member, InputStream contents, long limit, String file) throws IOException {
            Path copy = copyPath(member);
            Path temp = temporary();
            MessageDigest digest = sha256();
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    byte[] buffer = new byte[1 << 16];
                    long total = 0;
                    int n;
                    while ((n = contents.read(buffer)) > 0) {
                        KernelBuilds.stopIfInterrupted();
                        total += n;
                        if (total > limit) {
                            throw new dev.klpscope.elf.MalformedInputException(file, "member " + member
                                    + " is larger than " + (limit >> 20) + " MiB, more than klpscope reads");
                        }
                        digest.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                    }
                }
                Path sumTemp = temporary();
                Files.writeString(sumTemp, HexFormat.of().formatHex(digest.digest()) + "\n", StandardCharsets.US_ASCII);
                Files.createDirectories(copy.getParent());
                // The copy first, then its hash: a reader seeing the new hash sees the new copy (same bytes anyway).
                moveIntoPlace(temp, copy);
                moveIntoPlace(sumTemp, sumPath(copy));
                return copy;
            } finally {
                Files.deleteIfExists(temp);
            }
        }

        private Path copyPath(String member) {
            String name = member.substring(member.lastIndexOf('/') + 1);
            String key = HexFormat.of().formatHex(sha256().digest(member.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
            return dir.resolve(key).resolve(name);
        }
    }

    private static Path sumPath(Path copy) {
        return copy.resolveSibling(copy.getFileName() + ".sha256");
    }

    private Path temporary() throws IOException {
        return temporary(root);
    }

    private static Path temporary(Path root) throws IOException {
        Path tmp = root.resolve("tmp");
        Files.createDirectories(tmp);
        return Files.createTempFile(tmp, "part-", ".tmp");
    }

    /** Writes {@code target} under the cache {@code root} as every cache file is written: whole, then renamed. */
    static void writeAtomically(Path root, Path target, byte[] bytes) throws IOException {
        Path temp = temporary(root);
        try {
            Files.write(temp, bytes);
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Removes whole package entries, least recently used first (an entry's {@code index} or directory time), until
     * the cache holds at most its bound; entries used by this run stay. Returns the bytes removed.
     */
    long trim() {
        removeStaleTemporaries();
        Path objects = root.resolve("objects");
        if (!Files.isDirectory(objects)) {
            return 0;
        }
        record Sized(Path dir, long bytes, long lastUsed) {
        }
        List<Sized> entries = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(objects)) {
            for (Path dir : dirs) {
                long bytes = sizeOf(dir);
                Path index = dir.resolve("index");
                long used = Files.getLastModifiedTime(Files.exists(index) ? index : dir).toMillis();
                entries.add(new Sized(dir, bytes, used));
                total += bytes;
            }
        } catch (IOException e) {
            return 0;
        }
        entries.sort(java.util.Comparator.comparingLong(Sized::lastUsed));
        long removed = 0;
        for (Sized s : entries) {
            if (total - removed <= maxBytes) {
                break;
            }
            if (!usedThisRun.contains(s.dir())) {
                deleteTree(s.dir());
                removed += s.bytes();
            }
        }
        // A remembered hash lives as long as its entry (without one, the package is read whole anyway).
        hashes.forgetAllBut(sha -> usedThisRun.contains(objects.resolve(sha)) || Files.isDirectory(objects.resolve(sha)));
        return removed;
    }

    /** Temporary files of runs that died mid-write (a live run's are seconds old). */
    private void removeStaleTemporaries() {
        long dayAgo = System.currentTimeMillis() - 24L * 3600 * 1000;
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(root.resolve("tmp"), "part-*.tmp")) {
            for (Path part : parts) {
                if (Files.getLastModifiedTime(part).toMillis() < dayAgo) {
                    Files.deleteIfExists(part);
                }
            }
        } catch (IOException e) {
            // no tmp folder yet, or another run cleaning it
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Best effort: another run may be removing the same entry.
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
