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

    /** One line: {@code at +0x1c: 48 8b 05 .. (reaches foo) vs 48 8b 0d .. (reaches bar)}, A being the reference side. */
    public String describe(String nameA, String nameB) {
        if (!located()) {
            return "";
        }
        return String.format("first difference at %s+0x%x: %s (%s) vs %s+0x%x: %s (%s)",
                nameA, Math.max(0, offsetA), side(instructionA), reference(referenceA),
                nameB, Math.max(0, offsetB), side(instructionB), reference(referenceB));
    }

    private static String side(String instruction) {
        return instruction.isEmpty() ? "end of code" : instruction;
    }

    private static String reference(String reference) {
        return reference.isEmpty() ? "no address" : "reaches " + reference;
    }
}
