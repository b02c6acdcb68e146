package dev.klpscope.cli;

/** An argument the command cannot use (missing file, an output that names an input); its message is the line shown. */
final class UnusableInput extends RuntimeException {

    UnusableInput(String message) {
        super(message);
    }
}
