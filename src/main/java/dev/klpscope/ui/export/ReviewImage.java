package dev.klpscope.ui.export;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Target;
import dev.klpscope.check.ToolVersion;
import dev.klpscope.check.Verdict;
import dev.klpscope.ui.model.Breaking;
import dev.klpscope.ui.model.Texts;
import dev.klpscope.ui.theme.Styles;
import dev.klpscope.ui.theme.Theme;
import dev.klpscope.ui.view.Badges;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Optional;

/**
 * The image a reviewer attaches: header (patch, candidates, baseline, tool version), summary, and every breaking
 * target with its verdict per candidate. Laid out in a plain grid, not a virtualized table, so nothing is cropped;
 * drawn off screen at its preferred size.
 */
public final class ReviewImage {

    public static final String ID = "reviewImage";

    private ReviewImage() {
    }

    /** The layout itself (also useful to look at in tests). */
    public static VBox layout(Inspection i) {
        VBox root = new VBox();
        root.setId(ID);
        root.getStyleClass().add(Styles.REVIEW);
        Label title = new Label("klpscope review: " + i.patch().name());
        title.getStyleClass().add(Styles.TITLE);
        root.getChildren().add(title);
        root.getChildren().add(muted("patch " + i.patch().path() + (i.patch().vermagic().isEmpty() ? "" : " · vermagic "
                + i.patch().vermagic()) + " · lint: loader of " + i.patch().lintRules().describe()));
        List<String> labels = dev.klpscope.ui.model.Texts.labels(i.candidates().stream().map(CandidateInfo::path).toList());
        for (int n = 0; n < i.candidates().size(); n++) {
            CandidateInfo c = i.candidates().get(n);
            root.getChildren().add(muted("candidate " + labels.get(n) + " (" + c.object() + ")"
                    + (c.baseline() ? " — baseline, " + c.baselineReason() : "") + " · " + c.path()));
        }
        root.getChildren().add(muted(ToolVersion.NAME + " " + i.toolVersion()));
        Label summary = new Label(Texts.summary(i.summary()));
        summary.setId("reviewSummary");
        root.getChildren().add(summary);
        List<Target> breaking = i.targets().stream().filter(Breaking::is).toList();
        if (breaking.isEmpty()) {
            root.getChildren().add(Badges.severity(i.worst()));
            root.getChildren().add(new Label("No breaking target: every candidate resolves every target."));
        } else {
            root.getChildren().add(new Label("Breaking targets (" + breaking.size() + "):"));
            root.getChildren().add(grid(i, breaking, labels));
        }
        patchFindings(i, root);
        return root;
    }

    /** Renders the layout off screen in the given theme; call on the UI thread. */
    public static WritableImage render(Inspection i, Theme theme) {
        VBox layout = layout(i);
        Scene scene = new Scene(new Group(layout));
        theme.apply(scene);
        layout.applyCss();
        layout.resize(layout.prefWidth(-1), layout.prefHeight(layout.prefWidth(-1)));
        layout.layout();
        return Png.snapshot(layout);
    }

    private static GridPane grid(Inspection i, List<Target> breaking, List<String> labels) {
        GridPane g = new GridPane();
        g.setId("reviewGrid");
        g.getStyleClass().add(Styles.REVIEW_GRID);
        String[] heads = {"Kind", "Target", "Object", "Role", "Sites"};
        int col = 0;
        for (String h : heads) {
            g.add(header(h), col++, 0);
        }
        for (String l : labels) {
            g.add(header(l), col++, 0);
        }
        g.add(header("Worst finding"), col, 0);
        int row = 1;
        for (Target t : breaking) {
            col = 0;
            g.add(Badges.kind(t.kind()), col++, row);
            g.add(new Label(t.label()), col++, row);
            g.add(new Label(t.object()), col++, row);
            g.add(new Label(t.role().word()), col++, row);
            g.add(new Label(String.valueOf(t.sites().size())), col++, row);
            Verdict worst = null;
            for (CandidateInfo c : i.candidates()) {
                Optional<Verdict> v = t.verdictFor(c.path());
                g.add(v.<Node>map(x -> Badges.severity(x.severity())).orElseGet(() -> new Label(Texts.NOT_APPLICABLE)), col++, row);
                if (v.isPresent() && (worst == null || v.get().severity().ordinal() < worst.severity().ordinal())) {
                    worst = v.get();
                }
            }
            Label why = new Label(worst == null ? "" : worst.headline().message());
            why.setWrapText(true);
            why.setMaxWidth(520);
            why.setMinHeight(Region.USE_PREF_SIZE);
            g.add(why, col, row);
            row++;
        }
        return g;
    }

    private static void patchFindings(Inspection i, VBox root) {
        var findings = i.patch().findings().stream().filter(f -> Breaking.is(f.severity()))
                .sorted(java.util.Comparator.comparing(dev.klpscope.check.Finding::severity)).toList();
        if (findings.isEmpty()) {
            return;
        }
        root.getChildren().add(new Label("The patch file itself:"));
        findings.forEach(f -> {
            Label l = new Label(f.severity().word() + " " + f.check() + ": " + f.message()
                    + f.kernelMessage().map(k -> "\n    kernel: " + k).orElse(""), dev.klpscope.ui.theme.Icons.severity(f.severity()));
            l.setWrapText(true);
            l.setMaxWidth(900);
            root.getChildren().add(l);
        });
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.REVIEW_HEADER_CELL);
        return l;
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.MUTED);
        return l;
    }
}
