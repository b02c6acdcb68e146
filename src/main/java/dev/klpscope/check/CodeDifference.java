package dev.klpscope.check;

/**
 * Where two functions' code first differs once every address is replaced by what it reaches
 * ({@link CodeComparison}): the offset in each, the instruction's bytes (hex) and the reference it carries on each side.
 * Offsets are -1 and instructions empty when only the sizes are known (no code in the file).
 */
public record CodeDifference(long sizeA, long sizeB, long offsetA, long offsetB,
                             String instructionA, String instructionB, String referenceA, String referenceB) {

    /** Only the sizes are known. */
    public static CodeDifference sizes(long sizeA, long sizeB) {
        return new CodeDifference(sizeA, sizeB, -1, -1, "", "", "", "");
    }

    public boolean located() {
        return offsetA >= 0 || offsetB >= 0;
    }

    /**
     * Where, with A the reference side (the baseline) and B this build:
     * {@code first difference at +0x1c: here 48 8b 0d .. (reaches bar), in the baseline 48 8b 05 .. (reaches foo)}.
     */
    public String describe() {
        if (!located()) {
            return "";
        }
        String here = offsetB == offsetA ? "" : String.format(" (+0x%x in the baseline)", offsetA);
        return String.format("first difference at +0x%x%s: here %s (%s), in the baseline %s (%s)", offsetB, here,
                side(instructionB), reference(referenceB), side(instructionA), reference(referenceA));
    }

    private static String side(String instruction) {
        return instruction.isEmpty() ? "end of code" : instruction;
    }

    private static String reference(String reference) {
        return reference.isEmpty() ? "no address" : "reaches " + reference;
    }
}
