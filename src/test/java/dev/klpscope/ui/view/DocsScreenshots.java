package dev.klpscope.ui.view;

import dev.klpscope.ui.model.TreeRow;
import dev.klpscope.ui.theme.Theme;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The user guide's screenshots, drawn from the samples so they stay current. Runs only with
 * {@code -Dklpscope.screenshots=docs/images} (see docs/user-guide.md).
 */
@ExtendWith(ApplicationExtension.class)
class DocsScreenshots extends WindowFixture {

    static final String PROPERTY = "klpscope.screenshots";

    /** Skips the whole class, window start included, unless screenshots were asked for. */
    @org.junit.jupiter.api.BeforeAll
    static void onlyWhenAsked() {
        String dir = System.getProperty(PROPERTY);
        Assumptions.assumeTrue(dir != null && !dir.isBlank(), "set -D" + PROPERTY + "=docs/images to write them");
    }

    @Start
    void start(Stage stage) {
        startOnSeed(stage);
    }

    @Test
    void writeScreenshots() throws Exception {
        Path out = Path.of(System.getProperty(PROPERTY));
        Files.createDirectories(out);
        settle();

        interact(() -> {
            window.tree().expandAll(true);
            vm.selectedProperty().set(new TreeRow.TargetRow(target("b")));
        });
        write(out.resolve("main-window.png"), onFx(window::viewImage));
        write(out.resolve("review-seed.png"), onFx(window::reviewImage));

        interact(() -> window.setTheme(Theme.DARK));
        write(out.resolve("main-window-dark.png"), onFx(window::viewImage));
        interact(() -> window.setTheme(Theme.LIGHT));

        // A scenario with a silent break: sympos against four builds of foo.
        interact(() -> vm.open(SAMPLES.resolve("sympos/sympos_lp.ko"), List.of(1, 2, 3, 4).stream()
                .map(n -> SAMPLES.resolve("sympos/v" + n + "/foo.ko")).toList()));
        settle();
        interact(() -> vm.selectedProperty().set(new TreeRow.TargetRow(target("helper"))));
        write(out.resolve("sympos-window.png"), onFx(window::viewImage));
        write(out.resolve("review-sympos.png"), onFx(window::reviewImage));

        interact(() -> vm.searchProperty().set("helper"));
        write(out.resolve("search.png"), onFx(window::viewImage));

        // A livepatch the kernel crashes on (klp relocation offset beyond its section): the patch's own findings.
        interact(() -> vm.searchProperty().set(""));
        interact(() -> vm.open(SAMPLES.resolve("broken/klp-reloc-offset.ko"), List.of(SAMPLES.resolve("seed/v1/foo.ko"))));
        settle();
        write(out.resolve("patch-findings.png"), onFx(window::viewImage));
    }

    /**
     * An RGB PNG (no alpha: a window is opaque) at the strongest deflate. Not a palette: keeping the most frequent
     * colours turned the small risk and warn icons red and silent blue, and colour here means severity.
     */
    static void write(Path file, Image image) throws IOException {
        BufferedImage argb = SwingFXUtils.fromFXImage(image, null);
        BufferedImage rgb = new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(argb, 0, 0, null);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0f);
        Files.deleteIfExists(file);
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
