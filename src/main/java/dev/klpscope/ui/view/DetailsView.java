package dev.klpscope.ui.view;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.CandidateSymbol;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;
import dev.klpscope.report.MemberDiff;
import dev.klpscope.ui.model.CandidateDetail;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.PatchFacts;
import dev.klpscope.ui.model.Texts;
import dev.klpscope.ui.model.TreeRow;
import dev.klpscope.ui.model.TypePanel;
import dev.klpscope.ui.theme.Styles;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The selected target, side by side per candidate: what the candidate has under that name and every finding in
 * full; under the cards, where a variable's layout or a function's prototype changed, a type panel per candidate
 * with the reference's side beside the candidate's ({@link TypePanelView}). With nothing selected it shows the
 * patch's own findings and each candidate's.
 */
public final class DetailsView {

    public static final String ID = "detailsPane";

    /** Narrow enough that three cards fit beside each other at 1024 pixels; the worst card comes first anyway. */
    static final double MIN_CARD_WIDTH = 240;

    private final MainViewModel vm;
    private final VBox box = new VBox(8);
    private final Label title = new Label();
    private final HBox cards = new HBox(10);
    /** Under the cards: each candidate's type panel, for a target whose type changed (var-layout, func-prototype). */
    private final VBox typePanels = new VBox(10);
    private final ScrollPane scroll = new ScrollPane(box);

    public DetailsView(MainViewModel vm) {
        this.vm = vm;
        scroll.setId(ID);
        // Cards share the width while their minimum fits (four candidates at 1400 px); beyond that, scroll sideways.
        scroll.setFitToWidth(true);
        box.setPadding(new Insets(10));
        title.setId("detailsTitle");
        title.getStyleClass().add(Styles.TITLE);
        cards.setId("detailsCards");
        typePanels.setId("typePanels");
        box.getChildren().addAll(title, cards, typePanels);
        vm.details().addListener((ListChangeListener<CandidateDetail>) c -> refresh());
        vm.inspectionProperty().addListener((o, a, b) -> refresh());
        refresh();
    }

    public Node node() {
        return scroll;
    }

    private void refresh() {
        Inspection i = vm.getInspection();
        TreeRow row = vm.selectedProperty().get();
        cards.getChildren().clear();
        typePanels.getChildren().clear();
        if (i == null) {
            title.setText("");
            return;
        }
        if (row == null || row instanceof TreeRow.PatchRow) {
            title.setText("Patch " + i.patch().name() + ": select a target to compare the candidates");
            List<Node> facts = new ArrayList<>();
            facts.add(wrapped(i.patch().path(), Styles.MUTED));
            PatchFacts.lines(i.patch()).forEach(l -> facts.add(wrapped(l, null)));
            VBox patch = card("Patch " + i.patch().name(), Optional.empty(), facts, i.patch().findings(), List.of(),
                    Optional.of(i.patch().worst()));
            patch.setId("details-patch");
            cards.getChildren().add(patch);
        } else if (row instanceof TreeRow.CandidatesRow) {
            title.setText("Candidate files: what each is, and its findings as a whole");
        } else if (row instanceof TreeRow.ObjectRow o) {
            title.setText("Object " + o.object() + PatchFacts.object(i.patch(), o.object()).map(l -> " — " + l).orElse(""));
        } else if (row instanceof TreeRow.GroupRow g) {
            title.setText("Object " + g.object() + ": " + g.label() + " (" + Texts.count(g.targets(), "target") + ")");
        }
        Optional<Target> target = row == null ? Optional.empty() : row.owningTarget();
        if (target.isEmpty()) {
            vm.details().forEach(d -> cards.getChildren().add(candidateCard(d, List.of(), d.candidate().findings())));
            return;
        }
        Target t = target.get();
        title.setText(t.kind().word() + " " + t.label() + " in " + t.object() + " — " + t.role().word()
                + ", " + Texts.sitesLine(t));
        for (CandidateDetail d : vm.details()) {
            if (d.verdict().isEmpty()) {
                cards.getChildren().add(card(d.label(), Optional.of(d.candidate()), List.of(wrapped(Texts.NOT_APPLICABLE
                        + " this candidate is " + d.candidate().object() + ", not " + t.object(), Styles.MUTED)),
                        List.of(), List.of(), Optional.empty()));
                continue;
            }
            Verdict v = d.verdict().get();
            cards.getChildren().add(candidateCard(d, v.symbols(), v.findings()));
        }
        List<TypePanel> panels = TypePanel.forCards(vm.details());
        for (int n = 0; n < panels.size(); n++) {
            typePanels.getChildren().add(TypePanelView.of(panels.get(n), n));
        }
    }

    /**
     * A candidate's card: the findings first — what a reader came for, visible without scrolling in a short window —
     * then who the candidate is (one line each, cut with the full value in a tooltip), then what it has under the
     * target's name.
     */
    private VBox candidateCard(CandidateDetail d, List<CandidateSymbol> symbols, List<Finding> findings) {
        CandidateInfo c = d.candidate();
        List<Node> head = new ArrayList<>();
        head.add(wrapped(c.object() + (c.baseline() ? " · baseline (" + c.baselineReason() + ")" : ""), Styles.MUTED));
        if (c.showsRelease()) {
            head.add(oneLine("release " + c.release(), OverrunStyle.ELLIPSIS));
        }
        if (!c.vermagic().isEmpty()) {
            head.add(oneLine("vermagic " + c.vermagic(), OverrunStyle.ELLIPSIS));
        }
        c.srcversionIfAny().ifPresent(s -> head.add(oneLine("srcversion " + s, OverrunStyle.CENTER_ELLIPSIS)));
        if (!c.buildId().isEmpty()) {
            head.add(oneLine("build id " + c.buildId(), OverrunStyle.CENTER_ELLIPSIS));
        }
        c.types().ifPresent(t -> head.add(oneLine("types: " + t.described(), OverrunStyle.ELLIPSIS)));
        List<Node> tail = new ArrayList<>();
        if (vm.selectedProperty().get() instanceof TreeRow.TargetRow || vm.selectedProperty().get() instanceof TreeRow.SiteRow) {
            tail.add(wrapped(symbols.isEmpty() ? "Has nothing under this name" : "Has under this name:", Styles.CARD_SECTION));
            symbols.forEach(s -> tail.add(wrapped("  " + Texts.symbol(s), null)));
        }
        VBox card = card(d.label(), Optional.of(c), head, findings, tail, d.worst());
        card.setId("details-" + c.path().hashCode());
        return card;
    }

    /**
     * A card: a header with the verdict's badge (none for a candidate of another object), the findings worst first
     * (a {@code silent} never sits under a green {@code ok}), then the lines, then what comes after them.
     */
    private static VBox card(String header, Optional<CandidateInfo> candidate, List<Node> lines, List<Finding> findings,
                             List<Node> after, Optional<Severity> verdict) {
        VBox card = new VBox();
        card.getStyleClass().add(Styles.CARD);
        if (candidate.filter(CandidateInfo::baseline).isPresent()) {
            card.getStyleClass().add(Styles.BASELINE);
        }
        card.setMinWidth(MIN_CARD_WIDTH);
        card.setPrefWidth(360);
        card.setMaxWidth(520);
        Label h = new Label(CandidateHeader.title(header, candidate));
        h.getStyleClass().add(Styles.CARD_HEADER);
        h.setId("cardHeader");
        candidate.ifPresent(c -> h.setTooltip(new Tooltip(CandidateHeader.tooltip(c))));
        h.setMinWidth(0);
        HBox head = new HBox(8);
        head.getStyleClass().add(Styles.CARD_HEAD);
        verdict.ifPresent(v -> {
            Label badge = Badges.severity(v);
            badge.setId("cardVerdict");
            badge.setMinWidth(Region.USE_PREF_SIZE);
            head.getChildren().add(badge);
        });
        head.getChildren().add(h);
        card.getChildren().add(head);
        if (findings.isEmpty()) {
            card.getChildren().add(wrapped("No findings", Styles.MUTED));
        }
        for (Finding f : Finding.worstFirst(findings)) {
            card.getChildren().add(finding(f));
        }
        card.getChildren().addAll(lines);
        card.getChildren().addAll(after);
        HBox.setHgrow(card, Priority.SOMETIMES);
        return card;
    }

    /** A long identifier on one line, cut where it hurts least, in full in its tooltip. */
    private static Label oneLine(String text, OverrunStyle overrun) {
        Label l = new Label(text);
        l.getStyleClass().add(Styles.MUTED);
        l.setTextOverrun(overrun);
        l.setMinWidth(0);
        l.setTooltip(new Tooltip(text));
        return l;
    }

    private static VBox finding(Finding f) {
        VBox box = new VBox();
        box.getStyleClass().add(Styles.FINDING);
        Label badge = Badges.severity(f.severity());
        // a long list of changed members is counted here: the type panel under the cards names each one
        Label message = wrapped(MemberDiff.message(f, MemberDiff.MAX_CHARS), null);
        box.getChildren().addAll(new HBox(6, badge, new Label(f.check())), message);
        if (f.typeComparison().isPresent()) {
            box.getChildren().add(wrapped("Reference and candidate side by side: the type panel below the cards.", Styles.MUTED));
        }
        f.kernelMessage().ifPresent(k -> box.getChildren().add(wrapped("kernel: " + k, Styles.KERNEL_LINE)));
        box.getChildren().add(wrapped(f.why(), Styles.WHY));
        return box;
    }

    private static Label wrapped(String text, String style) {
        Label l = new Label(text);
        l.setWrapText(true);
        if (style != null) {
            l.getStyleClass().add(style);
        }
        return l;
    }
}
