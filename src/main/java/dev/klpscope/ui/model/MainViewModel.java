package dev.klpscope.ui.model;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.SignatureSettings;
import dev.klpscope.check.Target;
import dev.klpscope.check.TargetKind;
import dev.klpscope.check.Verdict;
import dev.klpscope.report.CandidateLabels;
import dev.klpscope.load.CheckSettings;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.report.GateOutcome;
import dev.klpscope.report.Suppressions;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The window's state and commands, without nodes: inputs, the filtered target tree, the selection and its
 * details, the summary and status. Loading and inspecting run through {@link Jobs}, never on the UI thread.
 */
public final class MainViewModel {

    private final Session session = new Session();
    private final Jobs jobs;

    private final ReadOnlyObjectWrapper<Workspace> workspace = new ReadOnlyObjectWrapper<>(Workspace.EMPTY);
    private final ReadOnlyObjectWrapper<Inspection> inspection = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper patchText = new ReadOnlyStringWrapper("No patch: open one with Ctrl+O or drop it here");
    private final ObservableList<CandidateRow> candidates = FXCollections.observableArrayList();
    private final ObservableList<String> candidateLabels = FXCollections.observableArrayList();

    private final BooleanProperty onlyBreaking = new SimpleBooleanProperty(false);
    private final Map<TargetKind, BooleanProperty> kinds = new EnumMap<>(TargetKind.class);
    private final Map<Severity, BooleanProperty> severities = new EnumMap<>(Severity.class);
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<List<TreeNode>> tree = new ReadOnlyObjectWrapper<>(List.of());

    private final ReadOnlyStringWrapper filterNote = new ReadOnlyStringWrapper("");
    /** The path of the candidate selected in the inputs table, which the candidate commands edit; null for none. */
    private final ObjectProperty<String> selectedCandidate = new SimpleObjectProperty<>();
    private final ObjectProperty<TreeRow> selected = new SimpleObjectProperty<>();
    private final ObservableList<CandidateDetail> details = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    /** Each candidate's label by path: the one map the inputs table, the columns, the cards and the clipboard use. */
    private Map<String, String> labels = Map.of();

    // The command line's options (CheckSettings); a change inspects again. --baseline is makeBaseline.
    private final ObjectProperty<KernelVersion> loader = new SimpleObjectProperty<>();
    private final BooleanProperty requireAllObjects = new SimpleBooleanProperty(false);
    private final BooleanProperty noCache = new SimpleBooleanProperty(false);
    private final ObjectProperty<Severity> failOn = new SimpleObjectProperty<>(Severity.SILENT);
    private final ObservableList<String> ignoreRules = FXCollections.observableArrayList();
    private final ObjectProperty<Path> acceptFile = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> btfBase = new SimpleObjectProperty<>();
    private final BooleanProperty sigEnforce = new SimpleBooleanProperty(false);
    private final BooleanProperty lockdown = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<GateOutcome> gate = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Suppressions> suppressions = new ReadOnlyObjectWrapper<>(Suppressions.NONE);
    private boolean settingsBatch;
    private boolean batching;
    private boolean filtersChanged;

    public MainViewModel(Jobs jobs) {
        this.jobs = jobs;
        List<Observable> filterInputs = new ArrayList<>(List.of(onlyBreaking, search, inspection));
        for (TargetKind k : TargetKind.values()) {
            kinds.put(k, new SimpleBooleanProperty(true));
            filterInputs.add(kinds.get(k));
        }
        for (Severity s : Severity.values()) {
            severities.put(s, new SimpleBooleanProperty(true));
            filterInputs.add(severities.get(s));
        }
        filterInputs.forEach(o -> o.addListener(x -> rebuildTree()));
        selected.addListener((o, a, b) -> rebuildDetails());
        List.<Observable>of(loader, requireAllObjects, failOn, ignoreRules, acceptFile, btfBase, sigEnforce, lockdown)
                .forEach(o -> o.addListener(x -> settingsChanged()));
        // Not an option of the analysis: it changes where the next packages are copied, so nothing is inspected again.
        noCache.addListener((o, a, b) -> session.setNoCache(b));
    }

    // ---- commands -------------------------------------------------------------------------------

    /** Opens a patch and candidates together (command line, seed scenario). */
    public void open(Path patch, List<Path> candidatePaths) {
        run("Opening", (s, p) -> s.open(patch, candidatePaths, p));
    }

    public void openPatch(Path path) {
        run("Opening " + path.getFileName(), (s, p) -> s.openPatch(path, p));
    }

    public void addCandidates(List<Path> paths) {
        run("Adding candidates", (s, p) -> s.addCandidates(paths, p));
    }

    /** Files dropped on the window: see {@link DropPolicy}. */
    public void drop(List<Path> paths) {
        run("Reading dropped files", (s, p) -> s.drop(paths, p));
    }

    public void removeCandidate(String path) {
        run("Removing", (s, p) -> s.removeCandidate(path, p));
    }

    public void moveCandidate(String path, int delta) {
        run("Moving", (s, p) -> s.moveCandidate(path, delta, p));
    }

    public void makeBaseline(String path) {
        run("Changing the baseline", (s, p) -> s.makeBaseline(path, p));
    }

    /**
     * Sets every option at once, as the command line gives them (one inspection, not one per option); a window
     * started with {@code gui} options, or a dialog's OK, uses this.
     */
    public void applySettings(CheckSettings next) {
        settingsBatch = true;
        try {
            loader.set(next.loader().orElse(null));
            requireAllObjects.set(next.requireAllObjects());
            failOn.set(next.failOn().orElse(null));
            ignoreRules.setAll(next.ignore());
            acceptFile.set(next.accept().orElse(null));
            btfBase.set(next.btfBase().orElse(null));
            sigEnforce.set(next.signatures().sigEnforce());
            lockdown.set(next.signatures().lockdown());
        } finally {
            settingsBatch = false;
        }
        settingsChanged();
    }

    /** The options as the properties hold them now. */
    public CheckSettings settings() {
        return new CheckSettings(Optional.ofNullable(loader.get()), requireAllObjects.get(), Optional.ofNullable(failOn.get()),
                List.copyOf(ignoreRules), Optional.ofNullable(acceptFile.get()), Optional.ofNullable(btfBase.get()),
                new SignatureSettings(sigEnforce.get(), lockdown.get()));
    }

    /**
     * Shows a result computed elsewhere (no files behind it, e.g. a synthetic result in the performance tests):
     * the tree, details and summary work as usual; the inputs table lists the inspection's candidates.
     */
    public void showResult(Inspection result, String done) {
        apply(new Outcome(true, Workspace.EMPTY, Optional.of(result), List.of(), done));
    }

    /** Says in the status bar what a command did (exports, copies). */
    public void say(String done) {
        status.set(done);
    }

    /** Shows a problem of a command that is not an edit (a failed export). */
    public void fail(String problem) {
        problems.setAll(problem);
        status.set("Failed");
    }

    public void dismissProblems() {
        problems.clear();
    }

    /** Selects the next (or previous) row with a finding in display order (patch, candidates, targets); false when none. */
    public boolean stepFinding(boolean forward) {
        Optional<TreeRow> next = FindingNavigator.step(TargetTree.stopsInOrder(inspection.get(), tree.get()),
                selected.get(), forward);
        next.ifPresent(selected::set);
        return next.isPresent();
    }

    /** The selected row as text for the clipboard; empty when nothing is selected. */
    public String selectedRowText() {
        TreeRow row = selected.get();
        return row == null || inspection.get() == null ? "" : Texts.row(row, inspection.get(), this::label);
    }

    /** Shows every target again. */
    public void clearFilters() {
        changeFilters(() -> {
            onlyBreaking.set(false);
            kinds.values().forEach(p -> p.set(true));
            severities.values().forEach(p -> p.set(true));
            search.set("");
        });
    }

    /** Shows only targets whose worst verdict is {@code only} (one rebuild, not one per severity). */
    public void showOnlySeverity(Severity only) {
        changeFilters(() -> severities.forEach((s, p) -> p.set(s == only)));
    }

    /** Applies several filter changes with one rebuild of the tree at the end. */
    public void changeFilters(Runnable changes) {
        batching = true;
        try {
            changes.run();
        } finally {
            batching = false;
        }
        if (filtersChanged) {
            rebuildTree();
        }
    }

    public TargetFilter filter() {
        Set<TargetKind> k = EnumSet.noneOf(TargetKind.class);
        kinds.forEach((kind, p) -> { if (p.get()) { k.add(kind); } });
        Set<Severity> s = EnumSet.noneOf(Severity.class);
        severities.forEach((sev, p) -> { if (p.get()) { s.add(sev); } });
        return new TargetFilter(onlyBreaking.get(), k, s, search.get());
    }

    // ---- properties -----------------------------------------------------------------------------

    public ReadOnlyObjectProperty<Workspace> workspaceProperty() { return workspace.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Inspection> inspectionProperty() { return inspection.getReadOnlyProperty(); }
    public Inspection getInspection() { return inspection.get(); }
    public ReadOnlyStringProperty patchTextProperty() { return patchText.getReadOnlyProperty(); }
    public ObservableList<CandidateRow> candidates() { return candidates; }
    /** A candidate's short label ({@code v1}, {@code 6.1.0-47}); its path when it has none. */
    public String label(String path) {
        return labels.getOrDefault(path, path);
    }

    /** Short column titles, in candidate order of the current inspection. */
    public ObservableList<String> candidateLabels() { return candidateLabels; }
    public BooleanProperty onlyBreakingProperty() { return onlyBreaking; }
    public BooleanProperty kindProperty(TargetKind k) { return kinds.get(k); }
    public BooleanProperty severityProperty(Severity s) { return severities.get(s); }
    public StringProperty searchProperty() { return search; }
    public ReadOnlyObjectProperty<List<TreeNode>> treeProperty() { return tree.getReadOnlyProperty(); }
    /** "Showing 2 of 7 targets (filtered)" while a filter or search hides targets; empty while all show. */
    public ReadOnlyStringProperty filterNoteProperty() { return filterNote.getReadOnlyProperty(); }
    public ObjectProperty<TreeRow> selectedProperty() { return selected; }
    public ObjectProperty<String> selectedCandidateProperty() { return selectedCandidate; }
    public ObservableList<CandidateDetail> details() { return details; }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    /** What went wrong in the last command, one line per file; the window shows them until dismissed. */
    public ObservableList<String> problems() { return problems; }
    /** {@code --loader}: the module loader the patch file is judged by; null: the one its vermagic names. */
    public ObjectProperty<KernelVersion> loaderProperty() { return loader; }
    /** {@code --require-all-objects}. */
    public BooleanProperty requireAllObjectsProperty() { return requireAllObjects; }
    /** {@code --sig-enforce}: judged as booted with {@code module.sig_enforce=1}. */
    public BooleanProperty sigEnforceProperty() { return sigEnforce; }
    /** {@code --lockdown}: judged as booted with {@code lockdown=integrity}. */
    public BooleanProperty lockdownProperty() { return lockdown; }
    /** {@code --no-cache}: packages read from now on copy their members into a private folder, not the user's cache. */
    public BooleanProperty noCacheProperty() { return noCache; }

    /** {@code --fail-on}: the severity the gate fails at; null: {@code never}. */
    public ObjectProperty<Severity> failOnProperty() { return failOn; }
    /** {@code --ignore CHECK[:TARGET]} rules. */
    public ObservableList<String> ignoreRules() { return ignoreRules; }
    /** {@code --accept FILE}; null: none. */
    public ObjectProperty<Path> acceptFileProperty() { return acceptFile; }
    /** {@code --btf-base FILE}: the vmlinux BTF module candidates' split BTF is read on; null: none. */
    public ObjectProperty<Path> btfBaseProperty() { return btfBase; }
    /** What {@code check} with the same files and options would exit with (failed: 1); null before an inspection. */
    public ReadOnlyObjectProperty<GateOutcome> gateProperty() { return gate.getReadOnlyProperty(); }

    /**
     * The {@code --accept}/{@code --ignore} rules the current inspection's gate counted with (set before the
     * inspection). Its own property: changing only the rules gives an inspection equal to the last one, which
     * {@link #inspectionProperty()} does not report as a change.
     */
    public ReadOnlyObjectProperty<Suppressions> suppressionsProperty() { return suppressions.getReadOnlyProperty(); }

    public Suppressions getSuppressions() { return suppressions.get(); }

    // ---- internals ------------------------------------------------------------------------------

    private void settingsChanged() {
        if (!settingsBatch) {
            CheckSettings next = settings();
            run("Applying settings", (s, p) -> s.changeSettings(next, p));
        }
    }

    private void run(String title, BiFunction<Session, Progress, Outcome> edit) {
        status.set(title + "…");
        jobs.submit(title, p -> edit.apply(session, p), this::apply,
                e -> {
                    if (e instanceof java.util.concurrent.CancellationException) {
                        status.set(title + " cancelled");
                        return;
                    }
                    status.set(title + " failed");
                    problems.setAll(e.getMessage() != null ? e.getMessage() : e.toString());
                });
    }

    private void apply(Outcome outcome) {
        problems.setAll(outcome.problems());
        status.set(outcome.problems().isEmpty() ? outcome.done()
                : outcome.done() + " (" + Session.count(outcome.problems().size(), "problem") + ")");
        if (!outcome.changed()) {
            return;
        }
        Workspace w = outcome.workspace();
        workspace.set(w);
        gate.set(outcome.gate().orElse(null));
        suppressions.set(outcome.suppressions());
        Inspection i = outcome.inspection().orElse(null);
        patchText.set(w.patch().map(p -> p.name() + " — " + p.path())
                .orElse(i != null ? i.patch().name() + " — " + i.patch().path() : patchText.get()));
        TreeRow keep = selected.get();
        labels = labels(w, i);
        List<CandidateRow> rows = new ArrayList<>();
        for (int n = 0; n < w.candidates().size(); n++) {
            CandidateRow row = CandidateRow.of(w.candidates().get(n), label(w.candidates().get(n).path()), w.baselines());
            Optional<CandidateInfo> info = i == null ? Optional.empty() : i.candidate(row.path());
            rows.add(info.map(c -> row.withBaseline(c.baseline(), c.baselineReason())).orElse(row));
        }
        if (w.candidates().isEmpty() && i != null) {
            for (CandidateInfo c : i.candidates()) {
                rows.add(new CandidateRow(c.path(), label(c.path()), c.object(), c.vermagic(), c.srcversion(), c.buildId(),
                        c.baseline(), c.baselineReason()));
            }
        }
        candidates.setAll(rows);
        candidateLabels.setAll(i == null ? List.of() : i.candidates().stream().map(c -> label(c.path())).toList());
        inspection.set(i);
        summary.set(i == null ? "" : Texts.summary(i.summary()));
        // The same target after a re-run (a candidate added or moved) stays selected, with its new verdicts.
        selected.set(TreeSelection.carry(keep, i).orElse(null));
        rebuildDetails();
    }

    /**
     * The labels of the workspace's candidates (the part of their paths that differs), replaced by the inspection's
     * where it has every candidate (they may use kernel releases), so that the inputs table says what the columns do.
     */
    private static Map<String, String> labels(Workspace w, Inspection i) {
        Map<String, String> out = new HashMap<>(CandidateLabels.of(w.candidates().stream().map(k -> k.path()).toList()));
        if (i != null && (w.candidates().isEmpty() || i.candidates().size() == w.candidates().size())) {
            out.putAll(CandidateLabels.ofCandidates(i.candidates()));
        }
        return Map.copyOf(out);
    }

    private void rebuildTree() {
        if (batching) {
            filtersChanged = true;
            return;
        }
        filtersChanged = false;
        Inspection i = inspection.get();
        TargetFilter f = filter();
        tree.set(i == null ? List.of() : TargetTree.build(i, f));
        filterNote.set(FilterNote.text(i, tree.get(), f).orElse(""));
        keepSelectionShown();
    }

    /**
     * A target or object the filter now hides is not left selected (the details would describe a row nobody sees):
     * the selection moves to the first target shown, or is cleared when none is.
     */
    private void keepSelectionShown() {
        TreeRow row = selected.get();
        if (row == null || row instanceof TreeRow.PatchRow || row instanceof TreeRow.CandidatesRow
                || row instanceof TreeRow.GroupRow) {
            return; // always shown, or re-selected by the tree view by key
        }
        List<Target> shown = TargetTree.targetsInOrder(tree.get());
        boolean visible = row instanceof TreeRow.ObjectRow o
                ? tree.get().stream().anyMatch(n -> n.row() instanceof TreeRow.ObjectRow r && r.object().equals(o.object()))
                : isShown(row.owningTarget().orElseThrow(), shown);
        if (!visible) {
            selected.set(shown.isEmpty() ? null : new TreeRow.TargetRow(shown.get(0)));
        }
    }

    /** The tree holds the inspection's own target records: identity first, the same target of another run else. */
    private static boolean isShown(Target target, List<Target> shown) {
        for (Target t : shown) {
            if (t == target || TreeSelection.sameTarget(t, target)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The cards for the selected row, worst first: every candidate for the patch or candidates row (or nothing
     * selected), the object's candidates for an object or group, every candidate for a target.
     */
    private void rebuildDetails() {
        Inspection i = inspection.get();
        TreeRow row = selected.get();
        if (i == null) {
            details.clear();
            return;
        }
        List<CandidateDetail> out = new ArrayList<>();
        for (int n = 0; n < i.candidates().size(); n++) {
            CandidateInfo c = i.candidates().get(n);
            if (row instanceof TreeRow.ObjectRow o && !c.object().equals(o.object())
                    || row instanceof TreeRow.GroupRow g && !c.object().equals(g.object())) {
                continue;
            }
            Optional<Verdict> verdict = row == null ? Optional.empty()
                    : row.owningTarget().flatMap(t -> t.verdictFor(c.path()));
            out.add(new CandidateDetail(label(c.path()), c, verdict, cardWorst(row, n, c, verdict)));
        }
        out.sort(CandidateDetail.WORST_FIRST);
        details.setAll(out);
    }

    /** A card's badge: as the tree's cell in the candidate's column, or the candidate's own worst off the columns. */
    private static Optional<Severity> cardWorst(TreeRow row, int column, CandidateInfo c, Optional<Verdict> verdict) {
        if (row instanceof TreeRow.TargetRow || row instanceof TreeRow.SiteRow) {
            return verdict.map(Verdict::severity);
        }
        if (row instanceof TreeRow.ObjectRow || row instanceof TreeRow.GroupRow) {
            Severity cell = ((TreeRow.Summary) row).columns().at(column).orElse(Severity.OK);
            return Optional.of(Severity.worst(cell, c.worst()));
        }
        return Optional.of(c.worst());
    }
}
