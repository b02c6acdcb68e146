package dev.klpscope.load;

/** Where loading reports how far it got (the window shows it in its status bar; the command line ignores it). */
@FunctionalInterface
public interface Progress {

    Progress NONE = (message, fraction) -> { };

    /** @param fraction 0..1, or negative when unknown */
    void update(String message, double fraction);
}
