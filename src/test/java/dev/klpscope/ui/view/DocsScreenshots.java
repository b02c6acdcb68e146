package dev.klpscope.ui.view;

import dev.klpscope.ui.export.Png;
import dev.klpscope.ui.model.TreeRow;
import dev.klpscope.ui.theme.Theme;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

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
        interact(() -> vm.stepFinding(true));
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
     * An 8-bit palette PNG at the strongest deflate, a few times smaller than {@link Png#encode}'s ARGB: a window
     * has few colours, so the 256 most frequent are kept and the rare rest (text edges) take the nearest of them.
     */
    private static void write(Path file, Image image) throws Exception {
        java.awt.image.BufferedImage argb = javafx.embed.swing.SwingFXUtils.fromFXImage(image, null);
        int w = argb.getWidth();
        int h = argb.getHeight();
        int[] pixels = argb.getRGB(0, 0, w, h, null, 0, w);
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int p : pixels) {
            counts.merge(p | 0xff000000, 1, Integer::sum);
        }
        int[] palette = counts.entrySet().stream().sorted(java.util.Map.Entry.<Integer, Integer>comparingByValue().reversed())
                .limit(256).mapToInt(java.util.Map.Entry::getKey).toArray();
        java.util.Map<Integer, Integer> index = new java.util.HashMap<>();
        byte[] r = new byte[palette.length];
        byte[] g = new byte[palette.length];
        byte[] b = new byte[palette.length];
        for (int n = 0; n < palette.length; n++) {
            index.put(palette[n], n);
            r[n] = (byte) (palette[n] >> 16);
            g[n] = (byte) (palette[n] >> 8);
            b[n] = (byte) palette[n];
        }
        java.awt.image.BufferedImage indexed = new java.awt.image.BufferedImage(w, h,
                java.awt.image.BufferedImage.TYPE_BYTE_INDEXED,
                new java.awt.image.IndexColorModel(8, palette.length, r, g, b));
        byte[] out = ((java.awt.image.DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
        for (int n = 0; n < pixels.length; n++) {
            out[n] = (byte) (int) index.computeIfAbsent(pixels[n] | 0xff000000, c -> nearest(palette, c));
        }
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0f);
        Files.deleteIfExists(file);
        try (var stream = javax.imageio.ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(indexed, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    private static int nearest(int[] palette, int c) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int n = 0; n < palette.length; n++) {
            long dr = ((palette[n] >> 16) & 0xff) - ((c >> 16) & 0xff);
            long dg = ((palette[n] >> 8) & 0xff) - ((c >> 8) & 0xff);
            long db = (palette[n] & 0xff) - (c & 0xff);
            long d = dr * dr + dg * dg + db * db;
            if (d < bestDistance) {
                bestDistance = d;
                best = n;
            }
        }
        return best;
    }
}
