package dev.klpscope.report.image;

import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.report.ReviewSheet;
import dev.klpscope.report.ReviewSheet.Line;
import dev.klpscope.report.ReviewSheet.Style;
import dev.klpscope.report.SeverityStyle;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The review image, drawn once for both front ends: the window copies or saves these bytes, {@code check --format png}
 * writes them. Java2D on a {@link BufferedImage} (no window system needed: {@code java.awt.headless} is set when
 * nobody set it), always the light style, at most {@value #MAX_WIDTH} px wide with the text wrapped, in fonts big
 * enough to read when a review tool shrinks the picture to an 880 px column (17 px body text stays 12.5 px).
 * Deterministic: fixed fonts (DejaVu Sans, which {@code .ci/run} installs) and rendering hints, and ImageIO's PNG
 * writer adds no time chunk, so the same inspection gives the same bytes.
 */
public final class ReviewImage {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Wide enough for a long kernel message on one or two lines; narrow enough for a review column. */
    public static final int MAX_WIDTH = 1200;
    static final int MIN_WIDTH = 640;
    private static final int MARGIN = 24;
    private static final int GAP = 10;
    private static final int DETAIL_INDENT = 36;
    private static final String FAMILY = "DejaVu Sans";
    private static final Color TEXT = new Color(0x1f, 0x23, 0x28);
    private static final Color MUTED = new Color(0x57, 0x60, 0x6a);
    private static final Color RULE = new Color(0xd0, 0xd7, 0xde);

    /**
     * A piece of text placed in the image: what the tests read instead of pixels.
     *
     * @param source   the sheet's line it comes from (a long line gives several placed lines)
     * @param x        left edge of the text, after the badge if the line has one
     * @param baseline the text's baseline
     * @param first    whether this is the first piece of its line (the one that carries the badge)
     * @param size     the font's size in pixels
     */
    public record Placed(Line source, String text, int x, int baseline, boolean first, int size) {
    }

    /** The laid-out image: its size and every piece of text in drawing order. */
    public record Layout(int width, int height, List<Placed> lines) {

        public Layout {
            lines = List.copyOf(lines);
        }

        /** The texts in order, each wrapped piece on its own. */
        public List<String> texts() {
            return lines.stream().map(Placed::text).toList();
        }
    }

    private ReviewImage() {
    }

    /** The PNG file's bytes. */
    public static byte[] png(Inspection inspection) {
        return encode(draw(layout(inspection)));
    }

    /** Where every line goes, without drawing. */
    public static Layout layout(Inspection inspection) {
        return layout(ReviewSheet.of(inspection));
    }

    static Layout layout(List<Line> sheet) {
        Graphics2D g = measuring();
        try {
            int badge = badgeWidth(g);
            List<Integer> xs = new ArrayList<>();
            int above = MARGIN;
            for (Line l : sheet) {
                // A kernel line or a member diff sits under the text of the finding it belongs to.
                int x = l.style() == Style.KERNEL || l.style() == Style.MEMBERS ? above : indent(l, badge);
                above = x;
                xs.add(x);
            }
            int natural = MIN_WIDTH;
            for (int i = 0; i < sheet.size(); i++) {
                Line l = sheet.get(i);
                natural = Math.max(natural, xs.get(i) + g.getFontMetrics(font(l.style())).stringWidth(l.text()) + MARGIN);
            }
            int width = Math.min(MAX_WIDTH, natural);
            List<Placed> placed = new ArrayList<>();
            int y = MARGIN;
            for (int i = 0; i < sheet.size(); i++) {
                Line l = sheet.get(i);
                FontMetrics fm = g.getFontMetrics(font(l.style()));
                y += spaceBefore(l.style());
                int x = xs.get(i);
                boolean first = true;
                for (String piece : wrap(l.text(), fm, width - MARGIN - x)) {
                    y += fm.getHeight();
                    placed.add(new Placed(l, piece, x, y - fm.getDescent(), first, fm.getFont().getSize()));
                    first = false;
                }
            }
            return new Layout(width, y + MARGIN, placed);
        } finally {
            g.dispose();
        }
    }

    static BufferedImage draw(Layout layout) {
        BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            hints(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, layout.width(), layout.height());
            int badge = badgeWidth(g);
            for (Placed p : layout.lines()) {
                Style style = p.source().style();
                FontMetrics fm = g.getFontMetrics(font(style));
                if (style == Style.HEADING && p.first()) {
                    g.setColor(RULE);
                    g.fillRect(MARGIN, p.baseline() - fm.getAscent() - 6, layout.width() - 2 * MARGIN, 1);
                }
                if (p.first() && p.source().badge().isPresent()) {
                    drawBadge(g, p.source().badge().get(), p.x() - badge - GAP, p.baseline(), badge, fm);
                }
                g.setFont(font(style));
                g.setColor(style == Style.MUTED || style == Style.KERNEL || style == Style.DETAIL && p.source().badge().isEmpty()
                        ? MUTED : TEXT);
                g.drawString(p.text(), p.x(), p.baseline());
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * PNG through ImageIO, whose writer stores no time (tIME) chunk; deflate at its strongest (quality 0), since the
     * picture is attached to reviews and committed in the docs.
     */
    static byte[] encode(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A rounded box in the severity's colour with its glyph and word in white, vertically centred on the text. */
    private static void drawBadge(Graphics2D g, Severity s, int x, int baseline, int width, FontMetrics text) {
        SeverityStyle style = SeverityStyle.of(s);
        Font f = badgeFont();
        FontMetrics fm = g.getFontMetrics(f);
        int h = fm.getHeight() + 2;
        int top = baseline - text.getAscent() + (text.getAscent() + text.getDescent() - h) / 2;
        g.setColor(Color.decode(style.colour()));
        g.fillRoundRect(x, top, width, h, 8, 8);
        g.setColor(Color.WHITE);
        g.setFont(f);
        g.drawString(style.label(), x + (width - fm.stringWidth(style.label())) / 2, top + 1 + fm.getAscent());
    }

    /** One badge width for every severity, so that the texts after them line up. */
    private static int badgeWidth(Graphics2D g) {
        FontMetrics fm = g.getFontMetrics(badgeFont());
        int w = 0;
        for (SeverityStyle s : SeverityStyle.values()) {
            w = Math.max(w, fm.stringWidth(s.label()));
        }
        return w + 14;
    }

    private static int indent(Line l, int badge) {
        int x = l.style() == Style.DETAIL ? MARGIN + DETAIL_INDENT : MARGIN;
        return l.badge().isPresent() ? x + badge + GAP : x;
    }

    private static int spaceBefore(Style s) {
        return switch (s) {
            case TITLE -> 0;
            case HEADLINE -> 10;
            case HEADING -> 20;
            case ITEM -> 6;
            case MUTED, DETAIL, KERNEL, MEMBERS -> 2;
        };
    }

    /**
     * Greedy wrapping at spaces; a word wider than the line (a long path or symbol) is cut where it must be.
     * Continuation pieces keep the line's indent.
     */
    static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ", -1)) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                out.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (fm.stringWidth(rest) > width && rest.length() > 1) {
                int n = rest.length() - 1;
                while (n > 1 && fm.stringWidth(rest.substring(0, n)) > width) {
                    n--;
                }
                out.add(rest.substring(0, n));
                rest = rest.substring(n);
            }
            line.append(rest);
        }
        if (!line.isEmpty() || out.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }

    private static Font font(Style s) {
        return switch (s) {
            case TITLE -> new Font(FAMILY, Font.BOLD, 26);
            case HEADLINE -> new Font(FAMILY, Font.BOLD, 21);
            case HEADING -> new Font(FAMILY, Font.BOLD, 19);
            case ITEM -> new Font(FAMILY, Font.PLAIN, 17);
            case MUTED, DETAIL, KERNEL, MEMBERS -> new Font(FAMILY, Font.PLAIN, 16);
        };
    }

    /** The smallest type in the image: badges. */
    public static final int BADGE_SIZE = 15;

    private static Font badgeFont() {
        return new Font(FAMILY, Font.BOLD, BADGE_SIZE);
    }

    /** A graphics context with the drawing's hints, for measuring text as it will be drawn. */
    private static Graphics2D measuring() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        hints(g);
        return g;
    }

    /** Fixed hints: the same glyph shapes and widths on every run (no LCD subpixel text, which depends on a screen). */
    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }
}
