package dev.klpscope.elf;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * Entry numbers by name for a table of named entries (a symbol table, BTF types): chains in an open hash table
 * held in two {@code int} arrays, keyed by the name's {@code String.hashCode()} computed over the file's bytes
 * ({@link ByteReader#cStringHash}). Building it reads each entry once and makes no object per entry: vmlinux's
 * 130 k symbol names cost 1.5 MB here, where a {@code HashMap<String, ...>} held about 24 MB that every young
 * collection of an analysis had to copy (docs/performance.md). A lookup compares bytes ({@code nameIs}) and leaves
 * decoding to the caller.
 */
public final class NameIndex {

    private static final int[] NONE = new int[0];

    /** Slot → 1 + the first entry number of its chain; 0 when empty. */
    private final int[] heads;
    /** Entry number → 1 + the next entry number in the same chain; 0 at the end. */
    private final int[] next;
    private final int mask;

    /** Indexes the entries {@code 0 ≤ i < count} that {@code indexed} accepts under {@code hash.applyAsInt(i)}. */
    public NameIndex(int count, IntPredicate indexed, IntUnaryOperator hash) {
        int slots = Integer.highestOneBit(Math.max(16, count) * 2 - 1) << 1; // a power of two, at least 2 * count
        this.heads = new int[Math.min(slots, 1 << 30)];
        this.mask = heads.length - 1;
        this.next = new int[count];
        for (int i = count - 1; i >= 0; i--) { // prepended in reverse, so each chain runs in entry order
            if (indexed.test(i)) {
                int slot = slot(hash.applyAsInt(i));
                next[i] = heads[slot];
                heads[slot] = i + 1;
            }
        }
    }

    private int slot(int hash) {
        return (hash ^ (hash >>> 16)) & mask;
    }

    /** The indexed entries whose name is {@code name} ({@code nameIs} says so), in entry order. */
    public int[] find(String name, IntPredicate nameIs) {
        int[] out = NONE;
        int count = 0;
        for (int e = heads[slot(name.hashCode())]; e != 0; e = next[e - 1]) {
            if (nameIs.test(e - 1)) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, Math.max(2, count * 2));
                }
                out[count++] = e - 1;
            }
        }
        return count == out.length ? out : Arrays.copyOf(out, count);
    }

    /** Every indexed entry number, in no particular order. */
    public void forEach(IntConsumer action) {
        for (int head : heads) {
            for (int e = head; e != 0; e = next[e - 1]) {
                action.accept(e - 1);
            }
        }
    }
}
