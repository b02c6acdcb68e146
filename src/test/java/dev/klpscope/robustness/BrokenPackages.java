package dev.klpscope.robustness;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The broken-package corpus: kernel packages given to {@code check --kernels}, made at test time from the real
 * {@code .deb}/{@code .rpm} of {@code samples/packages} and Debian's {@code sch_codel.ko} (nothing binary committed).
 * Each must give one warning line naming the package (and the member, where one is at fault) while the good
 * package given next to it is still checked, and must write nothing outside the cache.
 */
final class BrokenPackages {

    static final String RELEASE = "6.1.0-57-amd64";
    static final String MODULE = "lib/modules/" + RELEASE + "/kernel/net/sched/sch_codel.ko";

    /**
     * @param name     the case's name, also the file's name (with its suffix)
     * @param fragment what the one warning line must contain after the package's name
     */
    record Case(String name, String suffix, byte[] bytes, String fragment) {
        @Override
        public String toString() {
            return name;
        }

        String fileName() {
            return name + suffix;
        }
    }

    static Path goodDeb() {
        return BrokenInputs.samples().resolve("packages/linux-image-" + RELEASE + "_sample.deb");
    }

    static Path goodRpm() {
        return BrokenInputs.samples().resolve("packages/kernel-core-" + RELEASE + ".sample.rpm");
    }

    static List<Case> all() {
        byte[] module = BrokenInputs.read(BrokenInputs.samples().resolve("debian/v57/sch_codel.ko"));
        byte[] deb = BrokenInputs.read(goodDeb());
        byte[] rpm = BrokenInputs.read(goodRpm());
        List<Case> out = new ArrayList<>();
        out.add(new Case("deb-truncated", ".deb", Arrays.copyOf(deb, deb.length / 2),
                "member data.tar.xz: ends early (truncated)"));
        out.add(new Case("deb-corrupt-data", ".deb", flipInData(deb), "member data.tar.xz: Compressed data is corrupt"));
        out.add(new Case("deb-not-an-archive", ".deb", "just text\n".repeat(20).getBytes(StandardCharsets.US_ASCII),
                "cannot be read as a .deb package"));
        out.add(new Case("deb-no-data-member", ".deb", deb(null), "no data.tar member"));
        out.add(new Case("deb-no-matching-object", ".deb",
                deb(tar(file("usr/share/doc/linux-image/README", "nothing here\n".getBytes(StandardCharsets.US_ASCII)))),
                "holds none of the patch's objects (sch_codel)"));
        out.add(new Case("deb-bomb", ".deb", deb(tarBomb()), "member data.tar.xz expands to more than 64 MiB"));
        out.add(new Case("deb-member-dotdot", ".deb", deb(tar(file("../../" + MODULE, module))),
                "member ../../" + MODULE + ": path escapes the package"));
        out.add(new Case("deb-member-absolute", ".deb", deb(tar(file("/" + MODULE, module))),
                "member /" + MODULE + ": path escapes the package"));
        out.add(new Case("deb-member-symlink", ".deb", deb(tar(link(MODULE, "/etc/passwd", TarConstants.LF_SYMLINK))),
                "member " + MODULE + ": is a link (to /etc/passwd); links are not followed"));
        out.add(new Case("deb-member-hardlink", ".deb", deb(tar(link(MODULE, "etc/passwd", TarConstants.LF_LINK))),
                "member " + MODULE + ": is a link (to etc/passwd); links are not followed"));
        out.add(new Case("deb-duplicate-member", ".deb", deb(tar(file(MODULE, module), file("./" + MODULE, module))),
                "member " + MODULE + ": appears twice in the package; neither copy is used"));
        out.add(new Case("rpm-truncated-in-header", ".rpm", Arrays.copyOf(rpm, 200), "extends past the end of the file"));
        out.add(new Case("rpm-truncated-in-payload", ".rpm", Arrays.copyOf(rpm, rpm.length - 2000),
                "member payload: ends early (truncated)"));
        out.add(new Case("rpm-header-count-huge", ".rpm", hugeSignatureCount(rpm),
                "signature header declares 4294967295 entries"));
        return out;
    }

    /** A byte in the middle of data.tar.xz flipped: the xz check (CRC64) no longer matches. */
    private static byte[] flipInData(byte[] deb) {
        byte[] out = deb.clone();
        int data = indexOf(out, "data.tar.xz".getBytes(StandardCharsets.US_ASCII));
        int at = data + 60 + (out.length - data - 60) / 2;
        out[at] ^= 0x55;
        return out;
    }

    /** The signature header's index count (right after the 96-byte lead and 8 bytes of magic) set to 2^32-1. */
    private static byte[] hugeSignatureCount(byte[] rpm) {
        byte[] out = rpm.clone();
        ByteBuffer.wrap(out).putInt(96 + 8, -1);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }

    interface TarMember {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    static TarMember file(String name, byte[] contents) {
        return tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(contents.length);
            tar.putArchiveEntry(e);
            tar.write(contents);
            tar.closeArchiveEntry();
        };
    }

    static TarMember link(String name, String target, byte type) {
        return tar -> {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setLinkName(target);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        };
    }

    /** A tar of {@code members}, as written by Commons Compress (names kept as given: {@code ../}, {@code /}). */
    static byte[] tar(TarMember... members) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bos)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (TarMember m : members) {
                    m.write(tar);
                }
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tar header announcing 1 GiB of zeros, then 80 MiB of them as concatenated xz streams of 1 MiB: a few KB. */
    private static byte[] tarBomb() {
        TarArchiveEntry e = new TarArchiveEntry("usr/share/doc/zeros", true);
        e.setSize(1L << 30);
        byte[] big = new byte[512];
        e.writeEntryHeader(big);
        return concatXz(big);
    }

    private static byte[] concatXz(byte[] header) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BrokenInputs.xz(header));
        byte[] mib = BrokenInputs.xz(new byte[1 << 20]);
        for (int i = 0; i < BrokenInputs.BOMB_MIB; i++) {
            out.writeBytes(mib);
        }
        return out.toByteArray();
    }

    /** A {@code .deb} of {@code dataTarXz} (already xz-compressed when a bomb; else a tar to compress); none: no data. */
    static byte[] deb(byte[] data) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (ArArchiveOutputStream ar = new ArArchiveOutputStream(bos)) {
                add(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
                add(ar, "control.tar.xz", BrokenInputs.xz(tar(file("./control",
                        "Package: broken\nVersion: 0\nArchitecture: amd64\n".getBytes(StandardCharsets.US_ASCII)))));
                if (data != null) {
                    boolean compressed = data.length > 6 && (data[0] & 0xff) == 0xfd && data[1] == '7';
                    add(ar, "data.tar.xz", compressed ? data : BrokenInputs.xz(data));
                }
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(ArArchiveOutputStream ar, String name, byte[] contents) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, contents.length));
        ar.write(contents);
        ar.closeArchiveEntry();
    }
}
