package dev.klpscope.check;

/**
 * What a candidate has under a target's name: one entry per same-named symbol, in the kernel's counting order.
 *
 * @param position     1-based position among same-named symbols (the kernel's count when the target is
 *                     already loaded), or 0 when the kernel does not count it in that view
 * @param comingPosition the same when the target loads after the patch
 * @param size         in bytes; {@link #SIZE_UNKNOWN} for a vmlinux known only from its System.map
 * @param bound        whether the kernel binds the reference to this symbol
 */
public record CandidateSymbol(int position, int comingPosition, String type, String binding, long size, String section,
                              boolean bound) {

    /** The size a System.map does not give. */
    public static final long SIZE_UNKNOWN = -1;

    public boolean sizeKnown() {
        return size >= 0;
    }
}
