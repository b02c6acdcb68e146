package dev.klpscope.ui.view;

import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.theme.Styles;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The patch file's own findings (lint: what the loader and the livepatch core do with the file itself), above the
 * target tree whenever a patch is loaded: worst first, one line each (severity badge, check id, message; the kernel's
 * message on a second line and in the tooltip). Hidden when there are none; past {@link #FOLDED} lines it folds.
 */
public final class PatchFindingsView {

    public static final String ID = "patchFindings";
    /** Lines shown while folded. */
    static final int FOLDED = 3;

    private final MainViewModel vm;
    private final VBox box = new VBox(2);
    private final Label heading = new Label();
    private final Hyperlink more = new Hyperlink();
    private final VBox lines = new VBox(2);
    private boolean unfolded;

    public PatchFindingsView(MainViewModel vm) {
        this.vm = vm;
        box.setId(ID);
        box.getStyleClass().add(Styles.PATCH_FINDINGS);
        heading.setId("patchFindingsHeading");
        heading.getStyleClass().add(Styles.CARD_SECTION);
        more.setId("patchFindingsMore");
        more.setOnAction(e -> {
            unfolded = !unfolded;
            refresh();
        });
        lines.setId("patchFindingsLines");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        // Unfolded, a long list scrolls in its own pane rather than pushing the tree away.
        ScrollPane scroll = new ScrollPane(lines);
        scroll.setFitToWidth(true);
        scroll.setMaxHeight(200);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        box.getChildren().addAll(new HBox(8, heading, spacer, more), scroll);
        box.managedProperty().bind(box.visibleProperty());
        vm.inspectionProperty().addListener((o, a, b) -> {
            unfolded = false;
            refresh();
        });
        refresh();
    }

    public Node node() {
        return box;
    }

    /** The patch's findings worst first (the order is stable within a severity), none without a patch. */
    static List<Finding> worstFirst(Inspection i) {
        if (i == null) {
            return List.of();
        }
        return Finding.worstFirst(i.patch().findings()).stream().filter(f -> f.severity() != Severity.OK).toList();
    }

    private void refresh() {
        List<Finding> findings = worstFirst(vm.getInspection());
        lines.getChildren().clear();
        box.setVisible(!findings.isEmpty());
        if (findings.isEmpty()) {
            return;
        }
        Severity worst = findings.get(0).severity();
        heading.setText("The patch file itself, as Linux " + vm.getInspection().patch().lintRules().modelled()
                + "'s loader sees it: " + findings.size() + (findings.size() == 1 ? " finding" : " findings")
                + ", worst " + worst.word());
        boolean folds = findings.size() > FOLDED;
        more.setVisible(folds);
        more.setText(unfolded ? "Show fewer" : "Show all " + findings.size());
        List<Finding> shown = folds && !unfolded ? findings.subList(0, FOLDED) : findings;
        shown.forEach(f -> lines.getChildren().add(line(f)));
    }

    private static Node line(Finding f) {
        Label badge = Badges.severity(f.severity());
        badge.setMinWidth(Region.USE_PREF_SIZE);
        Label check = new Label(f.check());
        check.getStyleClass().add(Styles.CARD_SECTION);
        check.setMinWidth(Region.USE_PREF_SIZE);
        Label message = new Label(f.message());
        message.setWrapText(true);
        HBox.setHgrow(message, Priority.ALWAYS);
        VBox text = new VBox(message);
        HBox.setHgrow(text, Priority.ALWAYS);
        String tip = f.message() + f.kernelMessage().map(k -> "\nkernel: " + k).orElse("") + "\n" + f.why();
        f.kernelMessage().ifPresent(k -> {
            Label kernel = new Label("kernel: " + k);
            kernel.getStyleClass().add(Styles.KERNEL_LINE);
            kernel.setWrapText(true);
            text.getChildren().add(kernel);
        });
        HBox row = new HBox(8, badge, check, text);
        row.getStyleClass().add(Styles.PATCH_FINDING);
        Tooltip.install(row, new Tooltip(tip));
        return row;
    }
}
