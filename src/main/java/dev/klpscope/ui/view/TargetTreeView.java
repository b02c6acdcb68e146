package dev.klpscope.ui.view;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.Texts;
import dev.klpscope.ui.model.TreeNode;
import dev.klpscope.ui.model.TreeRow;
import dev.klpscope.ui.theme.Styles;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The tree table: object → target → relocation site, one verdict column per candidate. */
public final class TargetTreeView {

    public static final String ID = "targetTree";

    private final MainViewModel vm;
    private final TreeTableView<TreeRow> table = new TreeTableView<>();
    private final Set<String> collapsedObjects = new HashSet<>();
    /** Targets the user opened, by name (hashing whole target records would cost more than the tree). */
    private final Set<TargetKey> expandedTargets = new HashSet<>();
    /** The items of the current tree by target and by object, so that selecting is a look-up, not a walk. */
    private final Map<TargetKey, TargetItem> targetItems = new HashMap<>();
    private final Map<String, TreeItem<TreeRow>> objectItems = new HashMap<>();
    /** Worst verdict per object and candidate column, for the object rows; computed once per inspection. */
    private Map<String, Severity[]> objectWorst = Map.of();
    private Inspection objectWorstOf;
    private boolean syncing;

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
        vm.treeProperty().addListener((o, a, b) -> rebuildItems(b));
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

    /**
     * Expands or collapses every target. The root is taken off the table meanwhile: attached, every expansion event
     * makes the selection model look for its row, a walk of the whole tree each (quadratic on 50,000 targets).
     */
    public void expandAll(boolean expand) {
        TreeItem<TreeRow> root = table.getRoot();
        TreeRow selected = vm.selectedProperty().get();
        syncing = true;
        table.setRoot(null);
        for (TreeItem<TreeRow> object : root.getChildren()) {
            object.setExpanded(true);
            object.getChildren().forEach(t -> t.setExpanded(expand && !t.isLeaf()));
        }
        table.setRoot(root);
        select(selected);
        syncing = false;
    }

    private void rebuildColumns() {
        table.getColumns().setAll(List.of(
                column("Target", "targetColumn", 420, this::nameCell),
                column("Kind", "kindColumn", 110, this::kindCell),
                column("Role", "roleColumn", 90, this::roleCell),
                column("Sites", "sitesColumn", 60, this::sitesCell)));
        List<String> labels = vm.candidateLabels();
        for (int i = 0; i < labels.size(); i++) {
            int index = i;
            TreeTableColumn<TreeRow, TreeRow> c = column(labels.get(i), "candidate" + i, 130, r -> verdictCell(r, index));
            table.getColumns().add(c);
        }
        table.setTreeColumn(table.getColumns().get(0));
    }

    private record CellText(String text, javafx.scene.Node graphic, Optional<Severity> severity,
                            Optional<dev.klpscope.check.TargetKind> kind) {
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
        if (row instanceof TreeRow.ObjectRow o) {
            return CellText.plain(o.object() + "  (" + o.targets() + ")");
        }
        if (row instanceof TreeRow.SiteRow s) {
            return CellText.plain(Texts.site(s.site()));
        }
        return CellText.plain(((TreeRow.TargetRow) row).target().label());
    }

    private CellText kindCell(TreeRow row) {
        if (row instanceof TreeRow.TargetRow t) {
            var k = t.target().kind();
            return new CellText(k.word(), dev.klpscope.ui.theme.Icons.kind(k), Optional.empty(), Optional.of(k));
        }
        return CellText.plain(row instanceof TreeRow.ObjectRow ? "object" : "site");
    }

    private CellText roleCell(TreeRow row) {
        return CellText.plain(row instanceof TreeRow.TargetRow t ? t.target().role().word() : "");
    }

    private CellText sitesCell(TreeRow row) {
        return CellText.plain(row instanceof TreeRow.TargetRow t ? String.valueOf(t.target().sites().size()) : "");
    }

    private CellText verdictCell(TreeRow row, int index) {
        Inspection i = vm.getInspection();
        if (i == null || index >= i.candidates().size() || row instanceof TreeRow.SiteRow) {
            return CellText.plain("");
        }
        CandidateInfo c = i.candidates().get(index);
        Optional<Severity> s;
        if (row instanceof TreeRow.ObjectRow o) {
            Severity[] worst = objectWorst(i).get(o.object());
            s = c.object().equals(o.object()) && worst != null ? Optional.of(worst[index]) : Optional.empty();
        } else {
            s = ((TreeRow.TargetRow) row).target().verdictFor(c.path()).map(Verdict::severity);
        }
        return s.map(x -> new CellText(x.word(), dev.klpscope.ui.theme.Icons.severity(x), Optional.of(x), Optional.<dev.klpscope.check.TargetKind>empty()))
                .orElse(CellText.plain(Texts.NOT_APPLICABLE));
    }

    /** Worst verdict per object and candidate over every target of the object (not only those shown). */
    private Map<String, Severity[]> objectWorst(Inspection i) {
        if (objectWorstOf != i) {
            Map<String, Severity[]> out = new HashMap<>();
            Map<String, Integer> column = new HashMap<>();
            for (int n = 0; n < i.candidates().size(); n++) {
                column.put(i.candidates().get(n).path(), n);
            }
            for (Target t : i.targets()) {
                Severity[] w = out.computeIfAbsent(t.object(), o -> {
                    Severity[] a = new Severity[i.candidates().size()];
                    java.util.Arrays.fill(a, Severity.OK);
                    return a;
                });
                for (Verdict v : t.verdicts()) {
                    Integer n = column.get(v.candidate());
                    if (n != null) {
                        w[n] = Severity.worst(w[n], v.severity());
                    }
                }
            }
            objectWorst = out;
            objectWorstOf = i;
        }
        return objectWorst;
    }

    /**
     * Replaces the tree: one item per object and per target, built detached and set at once; a target's site items
     * are made only when it is first expanded (most never are).
     */
    private void rebuildItems(List<TreeNode> roots) {
        rememberExpansion();
        syncing = true;
        targetItems.clear();
        objectItems.clear();
        TreeItem<TreeRow> root = new TreeItem<>();
        List<TreeItem<TreeRow>> objects = new ArrayList<>(roots.size());
        for (TreeNode object : roots) {
            TreeItem<TreeRow> o = new TreeItem<>(object.row());
            String name = ((TreeRow.ObjectRow) object.row()).object();
            o.setExpanded(!collapsedObjects.contains(name));
            List<TreeItem<TreeRow>> targets = new ArrayList<>(object.children().size());
            for (TreeNode target : object.children()) {
                TargetItem t = new TargetItem(target);
                // A search that matched only some sites opens the target to show them.
                t.setExpanded(!t.isLeaf() && (t.narrowed || expandedTargets.contains(t.key)));
                targets.add(t);
                targetItems.put(t.key, t);
            }
            o.getChildren().setAll(targets);
            objects.add(o);
            objectItems.put(name, o);
        }
        root.getChildren().setAll(objects);
        table.setRoot(root);
        select(vm.selectedProperty().get());
        syncing = false;
    }

    private void rememberExpansion() {
        for (TreeItem<TreeRow> o : table.getRoot().getChildren()) {
            if (o.getValue() instanceof TreeRow.ObjectRow row) {
                if (o.isExpanded()) {
                    collapsedObjects.remove(row.object());
                } else {
                    collapsedObjects.add(row.object());
                }
            }
            for (TreeItem<TreeRow> t : o.getChildren()) {
                if (t instanceof TargetItem item) {
                    if (!item.isExpanded()) {
                        expandedTargets.remove(item.key);
                    } else if (!item.narrowed) {
                        expandedTargets.add(item.key);
                    }
                }
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
        if (row instanceof TreeRow.ObjectRow o) {
            return objectItems.get(o.object());
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
            getStyleClass().removeAll(Styles.OBJECT_ROW, Styles.SITE_ROW);
            if (!empty && row instanceof TreeRow.ObjectRow) {
                getStyleClass().add(Styles.OBJECT_ROW);
            } else if (!empty && row instanceof TreeRow.SiteRow) {
                getStyleClass().add(Styles.SITE_ROW);
            }
        }
    }
}
