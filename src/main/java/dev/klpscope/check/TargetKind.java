package dev.klpscope.check;

/** What a relocation target is: functions can be carried in the next patch, variables cannot. */
public enum TargetKind {
    FUNCTION("function"),
    VARIABLE("variable"),
    UNKNOWN("unknown");

    private final String word;

    TargetKind(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
