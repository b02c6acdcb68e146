package dev.klpscope.ui.model;

import java.util.List;
import java.util.Optional;
import java.util.prefs.Preferences;

/**
 * The window's size and place, kept in {@code java.util.prefs}. A place that no longer lies on any screen (a
 * monitor was unplugged) is not restored: the window then opens centred.
 */
public final class WindowPlacement {

    /** A rectangle on the desktop, in JavaFX units. */
    public record Bounds(double x, double y, double width, double height) {
        boolean overlaps(Bounds o) {
            return x < o.x + o.width && o.x < x + width && y < o.y + o.height && o.y < y + height;
        }
    }

    private final Preferences prefs;

    public WindowPlacement(Preferences prefs) {
        this.prefs = prefs;
    }

    public void save(Bounds b, boolean maximized) {
        prefs.putDouble("window.x", b.x());
        prefs.putDouble("window.y", b.y());
        prefs.putDouble("window.width", b.width());
        prefs.putDouble("window.height", b.height());
        prefs.putBoolean("window.maximized", maximized);
    }

    public boolean maximized() {
        return prefs.getBoolean("window.maximized", false);
    }

    /** The saved bounds if at least 100×100 of them are on one of {@code screens}. */
    public Optional<Bounds> restore(List<Bounds> screens) {
        double w = prefs.getDouble("window.width", -1);
        double h = prefs.getDouble("window.height", -1);
        if (w < 200 || h < 150) {
            return Optional.empty();
        }
        Bounds b = new Bounds(prefs.getDouble("window.x", 0), prefs.getDouble("window.y", 0), w, h);
        Bounds grip = new Bounds(b.x(), b.y(), 100, 100);
        return screens.stream().anyMatch(grip::overlaps) ? Optional.of(b) : Optional.empty();
    }

    public String theme() {
        return prefs.get("theme", "LIGHT");
    }

    public void saveTheme(String theme) {
        prefs.put("theme", theme);
    }
}
