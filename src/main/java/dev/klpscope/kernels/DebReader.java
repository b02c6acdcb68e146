package dev.klpscope.kernels;

import dev.klpscope.elf.MalformedInputException;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A Debian package ({@code deb(5)}): an ar archive of {@code debian-binary}, {@code control.tar.*} and
 * {@code data.tar[.xz|.zst|.gz]}; the files are the tar members of the last. Streamed in one pass: nothing is
 * unpacked, and the visitor sees each member's contents once.
 */
final class DebReader {

    private DebReader() {
    }

    static final byte[] MAGIC = "!<arch>\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Calls {@code visitor} for each member of {@code data.tar.*}; {@code size} bounds the decompressed bytes. */
    static void read(InputStream raw, long size, String file, EntryVisitor visitor) throws IOException {
        ArArchiveInputStream ar = new ArArchiveInputStream(new BufferedInputStream(raw, 1 << 16));
        boolean sawData = false;
        ArArchiveEntry member;
        while ((member = ar.getNextEntry()) != null) {
            String name = member.getName();
            if (!name.startsWith("data.tar")) {
                continue;
            }
            if (sawData) {
                throw new MalformedInputException(file, "member " + name + ": a second data.tar member; dpkg "
                        + "would refuse the package");
            }
            sawData = true;
            try {
                readTar(Payloads.open(ar, Payloads.budget(size), file, name), visitor);
            } catch (IOException | RuntimeException e) {
                throw Payloads.inMember(e, file, name);
            }
        }
        if (!sawData) {
            throw new MalformedInputException(file, "no data.tar member: not a Debian binary package, or truncated");
        }
    }

    private static void readTar(InputStream data, EntryVisitor visitor) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(data);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            visitor.visit(new ArchiveEntry(entry.getName(), entry.getSize(), typeOf(entry),
                    entry.isSymbolicLink() || entry.isLink() ? entry.getLinkName() : ""), tar);
        }
    }

    private static ArchiveEntry.Type typeOf(TarArchiveEntry entry) {
        if (entry.isSymbolicLink() || entry.isLink()) {
            return ArchiveEntry.Type.LINK;
        }
        if (entry.isDirectory()) {
            return ArchiveEntry.Type.DIRECTORY;
        }
        return entry.isFile() ? ArchiveEntry.Type.FILE : ArchiveEntry.Type.OTHER;
    }
}
