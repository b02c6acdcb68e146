package dev.klpscope.ui.view;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.TargetKind;
import dev.klpscope.ui.model.ColumnWorst;
import dev.klpscope.ui.model.FilterNote;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.TargetTree;
import dev.klpscope.ui.model.Texts;
import dev.klpscope.ui.model.TreeNode;
import dev.klpscope.ui.model.TreeRow;
import dev.klpscope.ui.theme.Icons;
import dev.klpscope.ui.theme.Styles;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.HBox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The tree table: object → (severity group → name range, for objects with many targets; see {@link TargetTree})
 * → target → relocation site, one verdict column per candidate.
 */
public final class TargetTreeView {

    public static final String ID = "targetTree";

    private final MainViewModel vm;
    private final TreeTableView<TreeRow> table = new TreeTableView<>();
    /** Objects and groups the user closed, by {@link #containerKey}. */
    private final Set<String> collapsedContainers = new HashSet<>();
    /** Targets the user opened, by name (hashing whole target records would cost more than the tree). */
    private final Set<TargetKey> expandedTargets = new HashSet<>();
    /** The items of the current tree by target and by object, so that selecting is a look-up, not a walk. */
    private final Map<TargetKey, TargetItem> targetItems = new HashMap<>();
    private final Map<String, TreeItem<TreeRow>> containerItems = new HashMap<>();
    private boolean syncing;
    private final Label noteText = new Label();
    private final HBox note = new HBox(noteText);

    public TargetTreeView(MainViewModel vm) {
        this.vm = vm;
        table.setId(ID);
        table.getStyleClass().add(atlantafx.base.theme.Styles.DENSE);
        table.setShowRoot(false);
        table.setRoot(new TreeItem<>());
        table.setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new javafx.scene.control.Label("No targets to show: open a patch, or loosen the filters"));
        table.setRowFactory(t -> new StyledRow());
        rebuildColumns();
        vm.candidateLabels().addListener((javafx.collections.ListChangeListener<String>) c -> rebuildColumns());
        vm.inspectionProperty().addListener((o, a, b) -> rebuildColumns());
        vm.treeProperty().addListener((o, a, b) -> rebuildItems(b));
        noteText.setId("filterNoteText");
        Hyperlink all = new Hyperlink("Show all targets");
        all.setId("filterNoteShowAll");
        all.setOnAction(e -> vm.clearFilters());
        note.getChildren().add(all);
        note.setId("filterNote");
        note.getStyleClass().add(Styles.FILTER_NOTE);
        note.managedProperty().bind(note.visibleProperty());
        note.setVisible(false);
        // A filter change that leaves the tree as it was fires no tree change: the note follows the filters too.
        List<javafx.beans.Observable> filters = new ArrayList<>(List.of(vm.onlyBreakingProperty(), vm.searchProperty()));
        for (TargetKind k : TargetKind.values()) {
            filters.add(vm.kindProperty(k));
        }
        for (Severity s : Severity.values()) {
            filters.add(vm.severityProperty(s));
        }
        filters.forEach(f -> f.addListener(x -> updateNote()));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (!syncing) {
                syncing = true;
                vm.selectedProperty().set(b == null ? null : b.getValue());
                syncing = false;
            }
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (!syncing) {
                syncing = true;
                select(b);
                syncing = false;
            }
        });
    }

    public TreeTableView<TreeRow> node() {
        return table;
    }

    /** "Showing 2 of 7 targets" with a way back to all of them, above the tree while a filter hides some. */
    public Node filterNote() {
        return note;
    }

    /**
     * Expands or collapses every target. The root is taken off the table meanwhile: attached, every expansion event
     * makes the selection model look for its row, a walk of the whole tree each (quadratic on 50,000 targets).
     */
    public void expandAll(boolean expand) {
        TreeItem<TreeRow> root = table.getRoot();
        TreeRow selected = vm.selectedProperty().get();
        syncing = true;
        table.setRoot(null);
        expandAll(root.getChildren(), expand);
        table.setRoot(root);
        select(selected);
        syncing = false;
    }

    /** Objects and groups open; targets open or closed. */
    private static void expandAll(List<TreeItem<TreeRow>> items, boolean expand) {
        for (TreeItem<TreeRow> item : items) {
            if (item instanceof TargetItem t) {
                t.setExpanded(expand && !t.isLeaf());
            } else {
                item.setExpanded(true);
                expandAll(item.getChildren(), expand);
            }
        }
    }

    /**
     * Fixed widths that leave four verdict columns on screen in a 1024-pixel window (the target column may be widened
     * by the user; a long label is cut at its end, in full in the details).
     */
    static final double TARGET_WIDTH = 300, KIND_WIDTH = 96, ROLE_WIDTH = 84, SITES_WIDTH = 56, VERDICT_WIDTH = 110;

    private void rebuildColumns() {
        table.getColumns().setAll(List.of(
                column("Target", "targetColumn", TARGET_WIDTH, this::nameCell),
                column("Kind", "kindColumn", KIND_WIDTH, this::kindCell),
                column("Role", "roleColumn", ROLE_WIDTH, this::roleCell),
                column("Sites", "sitesColumn", SITES_WIDTH, this::sitesCell)));
        List<String> labels = vm.candidateLabels();
        Inspection i = vm.getInspection();
        for (int n = 0; n < labels.size(); n++) {
            int index = n;
            Optional<CandidateInfo> c = i != null && n < i.candidates().size() && labels.size() == i.candidates().size()
                    ? Optional.of(i.candidates().get(n)) : Optional.empty();
            TreeTableColumn<TreeRow, TreeRow> column = column(CandidateHeader.title(labels.get(n), c), "candidate" + n,
                    VERDICT_WIDTH, r -> verdictCell(r, index));
            column.setGraphic(CandidateHeader.graphic(column.getText(), c));
            column.getStyleClass().add(Styles.CANDIDATE_COLUMN);
            table.getColumns().add(column);
        }
        table.setTreeColumn(table.getColumns().get(0));
    }

    private record CellText(String text, javafx.scene.Node graphic, Optional<Severity> severity,
                            Optional<TargetKind> kind) {
        static CellText plain(String text) {
            return new CellText(text, null, Optional.empty(), Optional.empty());
        }
    }

    private TreeTableColumn<TreeRow, TreeRow> column(String title, String id, double width, Function<TreeRow, CellText> text) {
        TreeTableColumn<TreeRow, TreeRow> c = new TreeTableColumn<>(title);
        c.setId(id);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().getValue()));
        c.setCellFactory(col -> new TreeTableCell<>() {
            @Override
            protected void updateItem(TreeRow row, boolean empty) {
                super.updateItem(row, empty);
                Badges.undress(this);
                if (empty || row == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                CellText t = text.apply(row);
                setText(t.text());
                setGraphic(t.graphic());
                t.severity().ifPresent(s -> Badges.dress(this, s));
                t.kind().ifPresent(k -> Badges.dressKind(this, k));
            }
        });
        return c;
    }

    private CellText nameCell(TreeRow row) {
        if (row instanceof TreeRow.PatchRow p) {
            return new CellText("patch file " + p.name() + ": " + (p.findings() == 0 ? "no findings"
                    : Texts.findings(p.findings())), Icons.severity(p.worst()), Optional.empty(), Optional.empty());
        }
        if (row instanceof TreeRow.ObjectRow o) {
            return CellText.plain(o.object() + "  (" + o.targets() + ")");
        }
        if (row instanceof TreeRow.SiteRow s) {
            return CellText.plain(Texts.site(s.site()));
        }
        if (row instanceof TreeRow.GroupRow g) {
            String text = g.label() + "  (" + g.targets() + ")";
            // A severity group shows its severity as icon, word and colour; a name range inside it is plain.
            return g.key().equals(g.worst().word())
                    ? new CellText(text, Icons.severity(g.worst()), Optional.of(g.worst()), Optional.empty())
                    : CellText.plain(text);
        }
        return CellText.plain(((TreeRow.TargetRow) row).target().label());
    }

    private CellText kindCell(TreeRow row) {
        if (row instanceof TreeRow.TargetRow t) {
            var k = t.target().kind();
            return new CellText(k.word(), Icons.kind(k), Optional.empty(), Optional.of(k));
        }
        return CellText.plain(row instanceof TreeRow.PatchRow ? "livepatch" : row instanceof TreeRow.ObjectRow ? "object"
                : row instanceof TreeRow.GroupRow ? "" : "site");
    }

    private CellText roleCell(TreeRow row) {
        if (row instanceof TreeRow.PatchRow p) {
            return CellText.plain(p.loader()); // whose loader the lint modelled
        }
        return CellText.plain(row instanceof TreeRow.TargetRow t ? t.target().role().word() : "");
    }

    private CellText sitesCell(TreeRow row) {
        return CellText.plain(row instanceof TreeRow.TargetRow t ? Texts.siteCell(t.target()) : "");
    }

    private CellText verdictCell(TreeRow row, int index) {
        if (row instanceof TreeRow.SiteRow) {
            return CellText.plain("");
        }
        return ColumnWorst.cell(vm.getInspection(), row, index)
                .map(x -> new CellText(x.word(), Icons.severity(x), Optional.of(x), Optional.<TargetKind>empty()))
                .orElse(CellText.plain(Texts.NOT_APPLICABLE));
    }

    private void updateNote() {
        var text = FilterNote.text(vm.getInspection(), vm.treeProperty().get(), vm.filter());
        noteText.setText(text.orElse(""));
        note.setVisible(text.isPresent());
    }

    /**
     * Replaces the tree: one item per object, group and target, built detached and set at once; a target's site items
     * are made only when it is first expanded (most never are).
     */
    private void rebuildItems(List<TreeNode> roots) {
        rememberExpansion(table.getRoot().getChildren());
        updateNote();
        syncing = true;
        targetItems.clear();
        containerItems.clear();
        Inspection i = vm.getInspection();
        // The patch file is the root: its own verdict sits above its objects, and a crashing patch is never all green.
        TreeItem<TreeRow> root = new TreeItem<>(i == null ? null : TargetTree.patchRow(i));
        root.setExpanded(true);
        List<TreeItem<TreeRow>> objects = new ArrayList<>(roots.size());
        roots.forEach(o -> objects.add(item(o)));
        root.getChildren().setAll(objects);
        table.setRoot(root);
        table.setShowRoot(i != null);
        select(vm.selectedProperty().get());
        syncing = false;
    }

    private TreeItem<TreeRow> item(TreeNode node) {
        if (node.row() instanceof TreeRow.TargetRow) {
            TargetItem t = new TargetItem(node);
            // A search that matched only some sites opens the target to show them.
            t.setExpanded(!t.isLeaf() && (t.narrowed || expandedTargets.contains(t.key)));
            targetItems.put(t.key, t);
            return t;
        }
        TreeItem<TreeRow> item = new TreeItem<>(node.row());
        String key = containerKey(node.row());
        item.setExpanded(!collapsedContainers.contains(key));
        List<TreeItem<TreeRow>> children = new ArrayList<>(node.children().size());
        node.children().forEach(c -> children.add(item(c)));
        item.getChildren().setAll(children);
        containerItems.put(key, item);
        return item;
    }

    /** An object's or group's identity across rebuilds. */
    private static String containerKey(TreeRow row) {
        if (row instanceof TreeRow.GroupRow g) {
            return "group\u0000" + g.object() + "\u0000" + g.key();
        }
        return "object\u0000" + ((TreeRow.ObjectRow) row).object();
    }

    private void rememberExpansion(List<TreeItem<TreeRow>> items) {
        for (TreeItem<TreeRow> item : items) {
            if (item instanceof TargetItem t) {
                if (!t.isExpanded()) {
                    expandedTargets.remove(t.key);
                } else if (!t.narrowed) {
                    expandedTargets.add(t.key);
                }
            } else if (item.getValue() != null && !(item.getValue() instanceof TreeRow.PatchRow)) {
                if (item.isExpanded()) {
                    collapsedContainers.remove(containerKey(item.getValue()));
                } else {
                    collapsedContainers.add(containerKey(item.getValue()));
                }
                rememberExpansion(item.getChildren());
            }
        }
    }

    private void select(TreeRow row) {
        TreeItem<TreeRow> item = row == null ? null : find(row);
        if (item == null) {
            table.getSelectionModel().clearSelection();
            return;
        }
        for (TreeItem<TreeRow> p = item.getParent(); p != null; p = p.getParent()) {
            p.setExpanded(true);
        }
        table.getSelectionModel().select(item);
        int index = table.getRow(item);
        if (index >= 0) {
            table.scrollTo(Math.max(0, index - 3));
        }
    }

    private TreeItem<TreeRow> find(TreeRow row) {
        if (row instanceof TreeRow.PatchRow) {
            return table.getRoot();
        }
        if (row instanceof TreeRow.ObjectRow || row instanceof TreeRow.GroupRow) {
            return containerItems.get(containerKey(row));
        }
        TargetItem t = targetItems.get(TargetKey.of(row.owningTarget().orElseThrow()));
        if (t == null || row instanceof TreeRow.TargetRow) {
            return t;
        }
        return t.getChildren().stream().filter(s -> row.equals(s.getValue())).findFirst().orElse(null);
    }

    /** A target's identity in the tree: object, name, position and role (a patched and a referenced foo differ). */
    private record TargetKey(String object, String symbol, long sympos, dev.klpscope.check.Role role) {
        static TargetKey of(Target t) {
            return new TargetKey(t.object(), t.symbol(), t.sympos(), t.role());
        }
    }

    /** A target whose site items are made on first use (expanding it, or selecting one of its sites). */
    private static final class TargetItem extends TreeItem<TreeRow> {
        final TargetKey key;
        final boolean narrowed;
        private final List<TreeNode> sites;
        private boolean filled;

        TargetItem(TreeNode node) {
            super(node.row());
            Target t = ((TreeRow.TargetRow) node.row()).target();
            key = TargetKey.of(t);
            sites = node.children();
            narrowed = sites.size() < t.sites().size();
        }

        @Override
        public boolean isLeaf() {
            return sites == null || sites.isEmpty();
        }

        @Override
        public javafx.collections.ObservableList<TreeItem<TreeRow>> getChildren() {
            if (!filled && sites != null) {
                filled = true;
                List<TreeItem<TreeRow>> items = new ArrayList<>(sites.size());
                sites.forEach(s -> items.add(new TreeItem<>(s.row())));
                super.getChildren().setAll(items);
            }
            return super.getChildren();
        }
    }

    private static final class StyledRow extends TreeTableRow<TreeRow> {
        @Override
        protected void updateItem(TreeRow row, boolean empty) {
            super.updateItem(row, empty);
            getStyleClass().removeAll(Styles.PATCH_ROW, Styles.OBJECT_ROW, Styles.GROUP_ROW, Styles.SITE_ROW);
            if (!empty && row instanceof TreeRow.PatchRow) {
                getStyleClass().add(Styles.PATCH_ROW);
            } else if (!empty && row instanceof TreeRow.ObjectRow) {
                getStyleClass().add(Styles.OBJECT_ROW);
            } else if (!empty && row instanceof TreeRow.GroupRow) {
                getStyleClass().add(Styles.GROUP_ROW);
            } else if (!empty && row instanceof TreeRow.SiteRow) {
                getStyleClass().add(Styles.SITE_ROW);
            }
        }
    }
}
