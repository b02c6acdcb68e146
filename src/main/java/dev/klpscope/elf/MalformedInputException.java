package dev.klpscope.elf;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The one exception for input klpscope cannot use: names the file, what is wrong and, where it helps, the
 * byte offset. Every reader in the project turns bad input into this, and nothing else, so that callers
 * (the command line, the window) can show one clear line instead of a stack trace.
 */
public final class MalformedInputException extends RuntimeException {

    private final String file;
    private final String problem;
    private final long offset;

    public MalformedInputException(String file, String problem, long offset) {
        super(format(file, problem, offset));
        this.file = file;
        this.problem = problem;
        this.offset = offset;
    }

    public MalformedInputException(String file, String problem) {
        this(file, problem, -1);
    }

    public MalformedInputException(Path file, String problem) {
        this(file.toString(), problem, -1);
    }

    private static String format(String file, String problem, long offset) {
        return offset >= 0
                ? String.format("%s: %s (at offset 0x%x)", file, problem, offset)
                : file + ": " + problem;
    }

    public String file() {
        return file;
    }

    public String problem() {
        return problem;
    }

    public OptionalLong offset() {
        return offset >= 0 ? OptionalLong.of(offset) : OptionalLong.empty();
    }
}
