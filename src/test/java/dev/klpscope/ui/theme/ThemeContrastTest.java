package dev.klpscope.ui.theme;

import dev.klpscope.check.Severity;
import dev.klpscope.check.TargetKind;
import dev.klpscope.ui.view.Badges;
import javafx.scene.Scene;
import javafx.scene.control.Label;
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

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The theme's colours as the stylesheets resolve them, in both themes: severity words readable (WCAG 2.1 contrast of
 * at least 4.5:1 on the window's backgrounds), kinds neutral so that no kind reads as a severity, and every severity
 * icon's outline at least 3:1 (WCAG's minimum for graphics) against the background it sits on.
 */
@ExtendWith(ApplicationExtension.class)
class ThemeContrastTest {

    /** WCAG 2.1 §1.4.3 (text) and §1.4.11 (graphical objects). */
    static final double TEXT = 4.5, GRAPHIC = 3.0;
    /** Chroma (max − min channel) below this is a grey; every severity colour is far above it. */
    static final double NEUTRAL = 0.12, HUED = 0.3;

    @Start
    void start(Stage stage) {
    }

    @AfterAll
    static void lightAgain() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, WaitForAsyncUtils.asyncFx(
                () -> Theme.LIGHT.apply(new Scene(new VBox()))));
    }

    /** What the theme resolves: both backgrounds, each severity's and each kind's text colour. */
    record Resolved(Color background, Color subtle, Map<Severity, Color> severities, Map<TargetKind, Color> kinds) {
    }

    private static Resolved resolve(Theme theme) throws Exception {
        return WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, WaitForAsyncUtils.asyncFx(() -> {
            Region background = new Region();
            background.setStyle("-fx-background-color: -color-bg-default;");
            Region subtle = new Region();
            subtle.setStyle("-fx-background-color: -color-bg-subtle;");
            VBox root = new VBox(background, subtle);
            Map<Severity, Label> severities = new EnumMap<>(Severity.class);
            for (Severity s : Severity.values()) {
                severities.put(s, Badges.severity(s));
                root.getChildren().add(severities.get(s));
            }
            Map<TargetKind, Label> kinds = new EnumMap<>(TargetKind.class);
            for (TargetKind k : TargetKind.values()) {
                kinds.put(k, Badges.kind(k));
                root.getChildren().add(kinds.get(k));
            }
            Scene scene = new Scene(root, 300, 300);
            theme.apply(scene);
            root.applyCss();
            Map<Severity, Color> s = new EnumMap<>(Severity.class);
            severities.forEach((k, l) -> s.put(k, (Color) l.getTextFill()));
            Map<TargetKind, Color> k = new EnumMap<>(TargetKind.class);
            kinds.forEach((x, l) -> k.put(x, (Color) l.getTextFill()));
            return new Resolved(fill(background), fill(subtle), s, k);
        }));
    }

    private static Color fill(Region r) {
        return (Color) r.getBackground().getFills().get(0).getFill();
    }

    @Test
    void severityWordsReadOnEveryBackgroundInBothThemes() throws Exception {
        List<String> low = new ArrayList<>();
        for (Theme theme : Theme.values()) {
            Resolved r = resolve(theme);
            for (var e : r.severities().entrySet()) {
                for (Color bg : List.of(r.background(), r.subtle())) {
                    double c = contrast(e.getValue(), bg);
                    if (c < TEXT) {
                        low.add(theme + " " + e.getKey().word() + " " + e.getValue() + " on " + bg + ": " + c);
                    }
                }
            }
            for (var e : r.kinds().entrySet()) {
                double c = contrast(e.getValue(), r.background());
                if (c < TEXT) {
                    low.add(theme + " " + e.getKey().word() + ": " + c);
                }
            }
        }
        assertTrue(low.isEmpty(), String.join("\n", low));
    }

    /** Hue belongs to severities: kind words and kind icons are grey, severity words and icons are not. */
    @Test
    void kindsAreNeverColouredLikeASeverity() throws Exception {
        for (Theme theme : Theme.values()) {
            Resolved r = resolve(theme);
            r.kinds().forEach((k, c) -> assertTrue(chroma(c) < NEUTRAL, theme + " " + k.word() + " text " + c));
            r.severities().forEach((s, c) -> assertTrue(chroma(c) > HUED, theme + " " + s.word() + " text " + c));
        }
        for (TargetKind k : TargetKind.values()) {
            double c = meanChroma(icon(k.word()));
            assertTrue(c < NEUTRAL, k.word() + " icon chroma " + c);
        }
        for (Severity s : Severity.values()) {
            double c = meanChroma(icon(s.word()));
            assertTrue(c > HUED, s.word() + " icon chroma " + c);
        }
    }

    /**
     * Each severity icon's outline (its opaque pixels next to transparent ones) stands out from the dark background,
     * where the crash icon's dark red once nearly vanished, and from the light one.
     */
    @Test
    void severityIconsStandOutInBothThemes() throws Exception {
        List<String> low = new ArrayList<>();
        for (Theme theme : Theme.values()) {
            Color bg = resolve(theme).background();
            for (Severity s : Severity.values()) {
                double c = outlineContrast(icon(s.word()), bg);
                if (c < GRAPHIC) {
                    low.add(theme + " " + s.word() + ": " + c);
                }
            }
        }
        assertTrue(low.isEmpty(), String.join("\n", low));
    }

    static BufferedImage icon(String name) throws Exception {
        try (var in = ThemeContrastTest.class.getResourceAsStream("/dev/klpscope/ui/icons/" + name + "@2x.png")) {
            return ImageIO.read(in);
        }
    }

    /** The median contrast with {@code bg} of the icon's outline pixels, each blended over {@code bg} as drawn. */
    static double outlineContrast(BufferedImage icon, Color bg) {
        List<Double> out = new ArrayList<>();
        for (int y = 0; y < icon.getHeight(); y++) {
            for (int x = 0; x < icon.getWidth(); x++) {
                if (alpha(icon, x, y) >= 128 && (alpha(icon, x - 1, y) < 128 || alpha(icon, x + 1, y) < 128
                        || alpha(icon, x, y - 1) < 128 || alpha(icon, x, y + 1) < 128)) {
                    out.add(contrast(over(icon.getRGB(x, y), bg), bg));
                }
            }
        }
        out.sort(Double::compare);
        return out.isEmpty() ? 0 : out.get(out.size() / 2);
    }

    private static int alpha(BufferedImage i, int x, int y) {
        return x < 0 || y < 0 || x >= i.getWidth() || y >= i.getHeight() ? 0 : i.getRGB(x, y) >>> 24;
    }

    private static Color over(int argb, Color bg) {
        double a = (argb >>> 24) / 255.0;
        return Color.color(a * ((argb >> 16) & 255) / 255.0 + (1 - a) * bg.getRed(),
                a * ((argb >> 8) & 255) / 255.0 + (1 - a) * bg.getGreen(),
                a * (argb & 255) / 255.0 + (1 - a) * bg.getBlue());
    }

    static double meanChroma(BufferedImage icon) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < icon.getHeight(); y++) {
            for (int x = 0; x < icon.getWidth(); x++) {
                int p = icon.getRGB(x, y);
                if (p >>> 24 >= 128) {
                    sum += chroma(Color.rgb((p >> 16) & 255, (p >> 8) & 255, p & 255));
                    n++;
                }
            }
        }
        return sum / n;
    }

    static double chroma(Color c) {
        double max = Math.max(c.getRed(), Math.max(c.getGreen(), c.getBlue()));
        double min = Math.min(c.getRed(), Math.min(c.getGreen(), c.getBlue()));
        return max - min;
    }

    /** WCAG 2.1 contrast ratio; colours with transparency are taken as drawn over white. */
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
