package dev.klpscope.kernels;

import dev.klpscope.elf.MalformedInputException;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An RPM package: {@link RpmHeader} up to the payload, then the payload's cpio ({@code newc}) archive through
 * Commons Compress, streamed in one pass as {@link DebReader} streams a {@code .deb}.
 */
final class RpmReader {

    private RpmReader() {
    }

    static void read(InputStream raw, long size, String file, EntryVisitor visitor) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        RpmHeader header = RpmHeader.read(in, file);
        if (!header.payloadFormat().equals("cpio")) {
            throw new MalformedInputException(file, "payload format " + header.payloadFormat()
                    + " is not cpio; klpscope reads cpio payloads only");
        }
        try {
            readCpio(new CpioArchiveInputStream(Payloads.open(in, Payloads.budget(size), file, "payload")), visitor);
        } catch (IOException | RuntimeException e) {
            throw Payloads.inMember(e, file, "payload");
        }
    }

    private static void readCpio(CpioArchiveInputStream cpio, EntryVisitor visitor) throws IOException {
        CpioArchiveEntry entry;
        while ((entry = cpio.getNextEntry()) != null) {
            String link = "";
            if (entry.isSymbolicLink()) {
                // A symbolic link's target is its contents; read it only to name it (bounded: a path).
                link = new String(cpio.readNBytes((int) Math.min(entry.getSize(), 4096)),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
            visitor.visit(new ArchiveEntry(entry.getName(), entry.getSize(), typeOf(entry), link), cpio);
        }
    }

    private static ArchiveEntry.Type typeOf(CpioArchiveEntry entry) {
        if (entry.isSymbolicLink()) {
            return ArchiveEntry.Type.LINK;
        }
        if (entry.isDirectory()) {
            return ArchiveEntry.Type.DIRECTORY;
        }
        // A hard link in newc is a regular file with nlink > 1 whose data sits with the last of its names.
        if (entry.isRegularFile() && entry.getNumberOfLinks() > 1 && entry.getSize() == 0) {
            return ArchiveEntry.Type.LINK;
        }
        return entry.isRegularFile() ? ArchiveEntry.Type.FILE : ArchiveEntry.Type.OTHER;
    }
}
