package dev.klpscope.ui.model;

/** Where background work reports how far it got; the window shows it in the status bar. */
@FunctionalInterface
public interface Progress {

    Progress NONE = (message, fraction) -> { };

    /** @param fraction 0..1, or negative when unknown */
    void update(String message, double fraction);
}
