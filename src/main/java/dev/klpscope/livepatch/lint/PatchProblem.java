package dev.klpscope.livepatch.lint;

/**
 * Something about the livepatch file itself that the kernel would reject or that klpscope could not decode.
 *
 * @param code    a stable identifier (e.g. {@code klp-sym-format})
 * @param message what is wrong, for a person
 * @param kernelMessage what the kernel prints for it, or empty
 */
public record PatchProblem(String code, Level level, String message, String kernelMessage) {

    /** How bad it is, worst first; mapped onto the check layer's severities. */
    public enum Level { CRASH, REFUSED, SILENT, RISK, WARN, INFO }
}
