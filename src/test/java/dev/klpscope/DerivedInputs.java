package dev.klpscope;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Derived inputs: a real file with one string changed in place, for a case no sample builds. */
public final class DerivedInputs {

    private DerivedInputs() {
    }

    /** {@code from} as a whole string (NUL before and after) replaced in place by the no longer {@code to}, NUL-padded. */
    public static byte[] renamed(byte[] in, String from, String to) {
        byte[] f = ("\0" + from + "\0").getBytes(StandardCharsets.ISO_8859_1);
        byte[] t = ("\0" + to + "\0").getBytes(StandardCharsets.ISO_8859_1);
        if (t.length > f.length) {
            throw new IllegalArgumentException(to + " is longer than " + from);
        }
        for (int i = 0; i + f.length <= in.length; i++) {
            if (Arrays.equals(in, i, i + f.length, f, 0, f.length)) {
                byte[] out = in.clone();
                Arrays.fill(out, i, i + f.length, (byte) 0);
                System.arraycopy(t, 0, out, i, t.length);
                return out;
            }
        }
        throw new AssertionError(from + " not in the input");
    }
}
