package dev.klpscope.kernels;

import java.io.IOException;
import java.io.InputStream;

/** Called once per archive member, in archive order, with the member's contents (read them or not). */
@FunctionalInterface
interface EntryVisitor {

    void visit(ArchiveEntry entry, InputStream contents) throws IOException;
}
