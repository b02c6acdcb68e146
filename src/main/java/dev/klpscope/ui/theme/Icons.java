package dev.klpscope.ui.theme;

import dev.klpscope.check.Severity;
import dev.klpscope.check.TargetKind;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The PNG renders of {@code icons/*.svg} (see icons/README.md), loaded once. */
public final class Icons {

    private static final String ROOT = "/dev/klpscope/ui/icons/";
    private static final Map<String, Image> CACHE = new ConcurrentHashMap<>();

    private Icons() {
    }

    public static ImageView severity(Severity s) {
        return view(s.word());
    }

    public static ImageView kind(TargetKind k) {
        return view(k.word());
    }

    public static List<Image> app() {
        return List.of(16, 32, 48, 64, 128, 256).stream().map(n -> image("app-" + n)).toList();
    }

    public static Image image(String name) {
        return CACHE.computeIfAbsent(name, n -> new Image(Objects.requireNonNull(Icons.class.getResource(ROOT + n + ".png"),
                "icon " + n + " missing").toExternalForm()));
    }

    private static ImageView view(String name) {
        ImageView v = new ImageView(image(name));
        v.setFitWidth(16);
        v.setFitHeight(16);
        return v;
    }
}
