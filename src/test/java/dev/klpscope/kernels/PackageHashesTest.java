package dev.klpscope.kernels;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A package's hash is remembered by its file's identity, used only while that identity is unchanged, and never
 * remembered for a file changed a moment before it was hashed.
 */
class PackageHashesTest {

    @TempDir
    Path tmp;

    static final Path DEB = SampleFiles.path("packages/linux-image-6.1.0-57-amd64_sample.deb");
    static final Path V57 = SampleFiles.path("debian/v57/sch_codel.ko");

    /** The system clock, an hour on: every file of the test counts as settled. */
    static final Clock LATER = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));

    Path cacheRoot() {
        return tmp.resolve("cache");
    }

    Path copyOfPackage() throws IOException {
        return Files.copy(DEB, tmp.resolve("pkg.deb"));
    }

    List<Path> memos() throws IOException {
        Path dir = cacheRoot().resolve("hashes");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    static String recordedSha(Path memo) throws IOException {
        String[] fields = Files.readString(memo, StandardCharsets.US_ASCII).trim().split(" ");
        return fields[fields.length - 1];
    }

    @Test
    void aSettledPackageIsRememberedWithItsRealHash() throws IOException {
        Path pkg = copyOfPackage();
        String sha = new PackageHashes(cacheRoot(), LATER).sha256(pkg);
        assertEquals(ObjectCache.sha256(pkg), sha);
        List<Path> memos = memos();
        assertEquals(1, memos.size());
        assertEquals(sha, recordedSha(memos.get(0)));
    }

    @Test
    void anUnchangedPackageIsNotHashedAgain() throws IOException {
        Path pkg = copyOfPackage();
        PackageHashes hashes = new PackageHashes(cacheRoot(), LATER);
        hashes.sha256(pkg);
        // What the memo says is what is used, as long as the file is the same: proof that it was not hashed again.
        Path memo = memos().get(0);
        String planted = "ab".repeat(32);
        Files.writeString(memo, Files.readString(memo).replaceAll("[0-9a-f]{64}", planted));
        assertEquals(planted, hashes.sha256(pkg));
    }

    @Test
    void aPackageRewrittenWithItsSizeAndTimeRestoredIsHashedAgain() throws IOException {
        Path pkg = copyOfPackage();
        PackageHashes hashes = new PackageHashes(cacheRoot(), LATER);
        String before = hashes.sha256(pkg);
        FileTime mtime = Files.getLastModifiedTime(pkg);
        byte[] bytes = Files.readAllBytes(pkg);
        bytes[bytes.length - 1] ^= 1;
        Files.write(pkg, bytes);
        Files.setLastModifiedTime(pkg, mtime);
        assertEquals(Files.size(DEB), Files.size(pkg));
        assertEquals(mtime, Files.getLastModifiedTime(pkg));
        String after = hashes.sha256(pkg);
        assertNotEquals(before, after, "the change time moved, so the memo did not match");
        assertEquals(ObjectCache.sha256(pkg), after);
    }

    @Test
    void aPackageChangedJustBeforeItWasHashedIsNotRemembered() throws IOException {
        Path pkg = copyOfPackage();
        String sha = new PackageHashes(cacheRoot(), Clock.systemUTC()).sha256(pkg);
        assertEquals(ObjectCache.sha256(pkg), sha);
        assertEquals(List.of(), memos(), "written less than " + PackageHashes.SETTLED + " ago");
    }

    @Test
    void aMemoThatIsNotOneIsIgnored() throws IOException {
        Path pkg = copyOfPackage();
        PackageHashes hashes = new PackageHashes(cacheRoot(), LATER);
        String sha = hashes.sha256(pkg);
        Path memo = memos().get(0);
        for (String junk : List.of("", "klpscope-package-hash 1 1 2 3 " + "zz".repeat(32), "\u00ff\u00fe not ascii",
                Files.readString(memo).replace(" 1 ", " 2 "))) {
            Files.writeString(memo, junk, StandardCharsets.ISO_8859_1);
            assertEquals(sha, hashes.sha256(pkg), "junk memo: " + junk);
        }
    }

    @Test
    void aWarmRunUsesTheRememberedHashAndStillChecksTheCopy() throws IOException {
        Path pkg = copyOfPackage();
        ObjectCache cache = ObjectCache.at(cacheRoot(), ObjectCache.DEFAULT_MAX_BYTES, LATER);
        Path first = KernelBuilds.find(List.of(pkg), Set.of("sch_codel"), cache).builds().get(0).objects()
                .get("sch_codel").file();
        assertEquals(1, memos().size());
        assertTrue(first.startsWith(cacheRoot().resolve("objects").resolve(ObjectCache.sha256(pkg))));
        byte[] bytes = Files.readAllBytes(first);
        bytes[100] ^= 1;
        Files.write(first, bytes);
        Path again = KernelBuilds.find(List.of(pkg), Set.of("sch_codel"), cache).builds().get(0).objects()
                .get("sch_codel").file();
        assertArrayEquals(Files.readAllBytes(V57), Files.readAllBytes(again), "the tampered copy was copied again");
    }

    @Test
    void aMemoGoesWithItsEntry() throws IOException {
        Path pkg = copyOfPackage();
        KernelBuilds.find(List.of(pkg), Set.of("sch_codel"), ObjectCache.at(cacheRoot(), ObjectCache.DEFAULT_MAX_BYTES, LATER));
        assertEquals(1, memos().size());
        Path objects = cacheRoot().resolve("objects");
        try (Stream<Path> s = Files.list(objects)) {
            s.forEach(ObjectCache::deleteTree);
        }
        // A run over another package trims: the memo of the removed entry goes.
        KernelBuilds.find(List.of(SampleFiles.path("packages/linux-image-6.1.0-47-amd64_sample.deb")), Set.of("sch_codel"),
                ObjectCache.at(cacheRoot(), ObjectCache.DEFAULT_MAX_BYTES, LATER));
        List<Path> memos = memos();
        assertEquals(1, memos.size(), "the removed entry's memo went, the new one stays");
        assertTrue(Files.isDirectory(objects.resolve(recordedSha(memos.get(0)))));
    }
}
