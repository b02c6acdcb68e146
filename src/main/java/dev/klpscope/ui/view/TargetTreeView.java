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

import java.util.HashSet;
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
    private final Set<Target> expandedTargets = new HashSet<>();
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

    public void expandAll(boolean expand) {
        for (TreeItem<TreeRow> object : table.getRoot().getChildren()) {
            object.setExpanded(true);
            object.getChildren().forEach(t -> t.setExpanded(expand));
        }
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
            s = c.object().equals(o.object())
                    ? Optional.of(i.targets().stream().filter(t -> t.object().equals(o.object()))
                    .flatMap(t -> t.verdictFor(c.path()).stream()).map(Verdict::severity).reduce(Severity.OK, Severity::worst))
                    : Optional.empty();
        } else {
            s = ((TreeRow.TargetRow) row).target().verdictFor(c.path()).map(Verdict::severity);
        }
        return s.map(x -> new CellText(x.word(), dev.klpscope.ui.theme.Icons.severity(x), Optional.of(x), Optional.<dev.klpscope.check.TargetKind>empty()))
                .orElse(CellText.plain(Texts.NOT_APPLICABLE));
    }

    private void rebuildItems(List<TreeNode> roots) {
        rememberExpansion();
        syncing = true;
        TreeItem<TreeRow> root = new TreeItem<>();
        for (TreeNode object : roots) {
            TreeItem<TreeRow> o = new TreeItem<>(object.row());
            String name = ((TreeRow.ObjectRow) object.row()).object();
            o.setExpanded(!collapsedObjects.contains(name));
            for (TreeNode target : object.children()) {
                TreeItem<TreeRow> t = new TreeItem<>(target.row());
                Target tgt = ((TreeRow.TargetRow) target.row()).target();
                // A search that matched only some sites opens the target to show them.
                boolean narrowed = target.children().size() < tgt.sites().size();
                t.setExpanded(narrowed || expandedTargets.contains(tgt));
                target.children().forEach(s -> t.getChildren().add(new TreeItem<>(s.row())));
                o.getChildren().add(t);
            }
            root.getChildren().add(o);
        }
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
                if (t.getValue() instanceof TreeRow.TargetRow row && t.isExpanded()
                        && t.getChildren().size() == row.target().sites().size()) {
                    expandedTargets.add(row.target());
                } else if (t.getValue() instanceof TreeRow.TargetRow row && !t.isExpanded()) {
                    expandedTargets.remove(row.target());
                }
            }
        }
    }

    private void select(TreeRow row) {
        if (row == null) {
            table.getSelectionModel().clearSelection();
            return;
        }
        TreeItem<TreeRow> item = find(table.getRoot(), row);
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

    private static TreeItem<TreeRow> find(TreeItem<TreeRow> item, TreeRow row) {
        if (row.equals(item.getValue())) {
            return item;
        }
        for (TreeItem<TreeRow> c : item.getChildren()) {
            TreeItem<TreeRow> f = find(c, row);
            if (f != null) {
                return f;
            }
        }
        return null;
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
