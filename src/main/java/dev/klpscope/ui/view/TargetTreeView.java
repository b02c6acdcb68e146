package dev.klpscope.ui.view;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.TargetKind;
import dev.klpscope.ui.model.ColumnWorst;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.TargetKey;
import dev.klpscope.ui.model.TargetTree;
import dev.klpscope.ui.model.Texts;
import dev.klpscope.ui.model.TreeNode;
import dev.klpscope.ui.model.TreeRow;
import dev.klpscope.ui.theme.Icons;
import dev.klpscope.ui.theme.Styles;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;

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
    /** The candidate files' row under the patch row; null without candidates. */
    private TreeItem<TreeRow> candidatesItem;
    private boolean syncing;

    public TargetTreeView(MainViewModel vm) {
        this.vm = vm;
        table.setId(ID);
        table.getStyleClass().add(Styles.DENSE);
        table.setShowRoot(false);
        table.setRoot(new TreeItem<>());
        table.setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new Label("No targets to show: open a patch, or loosen the filters"));
        table.setRowFactory(t -> new StyledRow());
        rebuildColumns();
        vm.candidateLabels().addListener((ListChangeListener<String>) c -> rebuildColumns());
        vm.inspectionProperty().addListener((o, a, b) -> rebuildColumns());
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
     * by the user; a long label is cut at its end, in full in the details). A verdict column fits its title
     * ({@link CandidateHeader#columnWidth}).
     */
    static final double TARGET_WIDTH = 300, KIND_WIDTH = 96, ROLE_WIDTH = 84, SITES_WIDTH = 56;

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
            String title = CandidateHeader.title(labels.get(n), c);
            TreeTableColumn<TreeRow, TreeRow> column = column(title, "candidate" + n, CandidateHeader.MIN_WIDTH,
                    r -> verdictCell(r, index));
            Label header = CandidateHeader.graphic(title, c);
            column.setGraphic(header);
            CandidateHeader.fitToTitle(column, header);
            column.getStyleClass().add(Styles.CANDIDATE_COLUMN);
            table.getColumns().add(column);
        }
        table.setTreeColumn(table.getColumns().get(0));
    }

    private record CellText(String text, Node graphic, Optional<Severity> severity,
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
        if (row instanceof TreeRow.CandidatesRow c) {
            return new CellText("candidate files: " + (c.findings() == 0 ? "no findings" : Texts.findings(c.findings())),
                    Icons.severity(c.worst()), Optional.empty(), Optional.empty());
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
        return CellText.plain(row instanceof TreeRow.PatchRow ? "livepatch"
                : row instanceof TreeRow.CandidatesRow ? "candidates" : row instanceof TreeRow.ObjectRow ? "object"
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

    /**
     * Replaces the tree: one item per object, group and target, built detached and set at once; a target's site items
     * are made only when it is first expanded (most never are).
     */
    private void rebuildItems(List<TreeNode> roots) {
        rememberExpansion(table.getRoot().getChildren());
        syncing = true;
        targetItems.clear();
        containerItems.clear();
        Inspection i = vm.getInspection();
        // The patch file is the root: its own verdict sits above its objects, and a crashing patch is never all green.
        Optional<TargetTree.Top> top = Optional.ofNullable(i).map(TargetTree::top);
        TreeItem<TreeRow> root = new TreeItem<>(top.map(TargetTree.Top::patch).orElse(null));
        root.setExpanded(true);
        List<TreeItem<TreeRow>> objects = new ArrayList<>(roots.size() + 1);
        // The candidate files' own verdicts (a refused module layout, an ambiguous baseline) come first.
        candidatesItem = top.flatMap(TargetTree.Top::candidates).map(r -> new TreeItem<TreeRow>(r)).orElse(null);
        if (candidatesItem != null) {
            objects.add(candidatesItem);
        }
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
            } else if (item.getValue() instanceof TreeRow.ObjectRow || item.getValue() instanceof TreeRow.GroupRow) {
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
        if (row instanceof TreeRow.CandidatesRow) {
            return candidatesItem;
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
}
