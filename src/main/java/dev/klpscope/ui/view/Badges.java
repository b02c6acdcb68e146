package dev.klpscope.ui.view;

import dev.klpscope.check.Severity;
import dev.klpscope.check.TargetKind;
import dev.klpscope.ui.theme.Icons;
import dev.klpscope.ui.theme.Styles;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;

/** Icon + word + colour for a severity or a kind: colour is never the only signal. */
public final class Badges {

    private Badges() {
    }

    public static Label severity(Severity s) {
        Label l = new Label(s.word(), Icons.severity(s));
        dress(l, s);
        return l;
    }

    public static Label kind(TargetKind k) {
        Label l = new Label(k.word(), Icons.kind(k));
        dressKind(l, k);
        return l;
    }

    /** Sets the style classes of a (re-used) labeled cell for a severity. */
    public static void dress(Labeled l, Severity s) {
        l.getStyleClass().removeIf(c -> c.startsWith("severity-"));
        if (!l.getStyleClass().contains(Styles.VERDICT)) {
            l.getStyleClass().add(Styles.VERDICT);
        }
        l.getStyleClass().add(Styles.severity(s));
    }

    public static void dressKind(Labeled l, TargetKind k) {
        l.getStyleClass().removeIf(c -> c.startsWith("kind-"));
        if (!l.getStyleClass().contains(Styles.KIND)) {
            l.getStyleClass().add(Styles.KIND);
        }
        l.getStyleClass().add(Styles.kind(k));
    }

    /** Removes what {@link #dress} and {@link #dressKind} added, for an emptied cell. */
    public static void undress(Labeled l) {
        l.getStyleClass().removeIf(c -> c.startsWith("severity-") || c.startsWith("kind-")
                || c.equals(Styles.VERDICT) || c.equals(Styles.KIND));
    }
}
