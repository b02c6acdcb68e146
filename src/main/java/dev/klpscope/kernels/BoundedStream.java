package dev.klpscope.kernels;

import dev.klpscope.elf.MalformedInputException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The decompressed stream of a package, refused past a byte budget: an archive bomb (a small package that expands
 * to terabytes of zeros) costs at most the budget's worth of decoding, never disk or memory.
 */
final class BoundedStream extends FilterInputStream {

    private final String file;
    private final String member;
    private final long limit;
    private long read;

    BoundedStream(InputStream in, long limit, String file, String member) {
        super(in);
        this.limit = limit;
        this.file = file;
        this.member = member;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping decompressed data still decodes it: count it as read.
        long skipped = super.skip(n);
        if (skipped > 0) {
            count(skipped);
        }
        return skipped;
    }

    private void count(long n) {
        read += n;
        if (read > limit) {
            throw new MalformedInputException(file, "member " + member + " expands to more than " + (limit >> 20)
                    + " MiB (an archive bomb?); refusing to read it further");
        }
    }
}
