package dev.klpscope.agreement;

/**
 * One recorded load judged: what the kernel did and what klpscope predicted for it ({@code predicted} is a severity
 * word, or {@code unreadable} where klpscope refuses to read the file and exits 2).
 */
public record Judged(String kernel, String patch, String candidate, String order, KernelOutcome recorded,
                     String predicted, String detail) {

    public static final String UNREADABLE = "unreadable";

    /** True when the prediction is exactly the recorded outcome; an unreadable file can only mean refused. */
    public boolean agrees() {
        return predicted.equals(UNREADABLE)
                ? recorded == KernelOutcome.REFUSED
                : recorded.agrees(dev.klpscope.check.Severity.fromWord(predicted));
    }

    /** The key a documented disagreement is listed under. */
    public String key() {
        return String.join(" | ", kernel, patch, candidate, order, recorded.words(), predicted);
    }

    @Override
    public String toString() {
        return kernel + " " + patch + " x " + candidate + " (" + order + "): kernel " + recorded.words()
                + ", klpscope " + predicted + (detail.isEmpty() ? "" : " — " + detail);
    }
}
