package dev.klpscope.ui.action;

/**
 * A value offered in a choice, shown by its text (dialogs show choices with {@code toString()}).
 *
 * @param value null stands for the option left unset (the loader from vermagic, {@code --fail-on never})
 */
public record Labelled<T>(String text, T value) {

    @Override
    public String toString() {
        return text;
    }
}
