package dev.klpscope.check;

/** How bad a finding is, worst first. A verdict's severity is the worst of its findings. */
public enum Severity {
    /** The kernel oopses. */
    CRASH("crash"),
    /** The kernel refuses the patch or the target module. */
    REFUSED("refused"),
    /** Loads, but binds or behaves wrongly. */
    SILENT("silent"),
    /** Likely wrong: e.g. the patched function changed since the patch was built. */
    RISK("risk"),
    WARN("warn"),
    INFO("info"),
    OK("ok");

    private final String word;

    Severity(String word) {
        this.word = word;
    }

    /** The lower-case word used in every output. */
    public String word() {
        return word;
    }

    /** True when this is as bad as {@code other} or worse. */
    public boolean atLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }

    public static Severity worst(Severity a, Severity b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    public static Severity fromWord(String word) {
        for (Severity s : values()) {
            if (s.word.equalsIgnoreCase(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + word + "'");
    }
}
