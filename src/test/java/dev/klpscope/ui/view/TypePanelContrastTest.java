package dev.klpscope.ui.view;

import dev.klpscope.check.Severity;
import dev.klpscope.ui.model.TypePanel;
import dev.klpscope.ui.theme.Styles;
import dev.klpscope.ui.theme.Theme;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The type panel's colours as the stylesheets resolve them, in both themes (as ThemeContrastTest for the badges): a
 * changed row's text in each severity's colour and an unchanged row's text read at WCAG 2.1's 4.5:1 on the panel's
 * background, and the two differ, so a changed member stands out. The panels are made for the theme alone, one
 * changed and one unchanged row per severity; which members a real finding marks is TypePanelWindowTest's.
 */
@ExtendWith(ApplicationExtension.class)
class TypePanelContrastTest {

    static final double TEXT = 4.5;

    @Start
    void start(Stage stage) {
    }

    @AfterAll
    static void lightAgain() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, WaitForAsyncUtils.asyncFx(
                () -> Theme.LIGHT.apply(new Scene(new VBox()))));
    }

    private static TypePanel panel(Severity s) {
        TypePanel.Cell a = new TypePanel.Cell("0x0", "8", "unsigned long", "a");
        TypePanel.Cell b = new TypePanel.Cell("0x8", "8", "unsigned long", "b");
        TypePanel.Cell moved = new TypePanel.Cell("0x10", "8", "unsigned long", "b");
        return new TypePanel("var-layout", "struct t", "the baseline · 16 bytes", "v2 · 24 bytes", s, List.of(
                new TypePanel.Row(Optional.of(a), Optional.of(a), EnumSet.noneOf(TypePanel.Mark.class)),
                new TypePanel.Row(Optional.of(b), Optional.of(moved), EnumSet.of(TypePanel.Mark.MOVED))), false);
    }

    @Test
    void changedAndUnchangedRowsReadAndDifferInBothThemes() throws Exception {
        List<String> low = new ArrayList<>();
        for (Theme theme : Theme.values()) {
            for (Severity s : Severity.values()) {
                low.addAll(WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, WaitForAsyncUtils.asyncFx(() -> {
                    VBox panel = (VBox) TypePanelView.of(panel(s), 0);
                    Scene scene = new Scene(new VBox(panel), 900, 300);
                    theme.apply(scene);
                    scene.getRoot().applyCss();
                    scene.getRoot().layout();
                    Color bg = (Color) panel.getBackground().getFills().get(0).getFill();
                    List<String> out = new ArrayList<>();
                    Color changed = null;
                    Color plain = null;
                    for (Node n : ((GridPane) panel.getChildren().get(1)).getChildren()) {
                        if (!(n instanceof Label l) || l.getText().isEmpty() || l.getStyleClass().contains(Styles.MUTED)
                                || l.getStyleClass().contains(Styles.CARD_SECTION)) {
                            continue;
                        }
                        Color fill = (Color) l.getTextFill();
                        double c = contrast(fill, bg);
                        if (c < TEXT) {
                            out.add(theme + " " + s.word() + " '" + l.getText() + "' " + fill + " on " + bg + ": " + c);
                        }
                        if (l.getStyleClass().contains(Styles.TYPE_CHANGED)) {
                            changed = fill;
                        } else {
                            plain = fill;
                        }
                    }
                    if (changed == null || plain == null || changed.equals(plain)) {
                        out.add(theme + " " + s.word() + ": a changed row looks like an unchanged one (" + changed + ", " + plain + ")");
                    }
                    return out;
                })));
            }
        }
        assertTrue(low.isEmpty(), String.join("\n", low));
    }

    /** WCAG 2.1 contrast ratio. */
    static double contrast(Color a, Color b) {
        double la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
