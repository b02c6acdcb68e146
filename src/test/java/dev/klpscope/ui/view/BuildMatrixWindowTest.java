package dev.klpscope.ui.view;

import dev.klpscope.PrivateObjectCache;
import dev.klpscope.cli.Cli;
import dev.klpscope.report.BuildMatrix;
import dev.klpscope.ui.action.StandardAction;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "Kernel builds" view, headless (Monocle): hidden for the seed scenario (one build), shown when the Debian
 * sample patch is opened with the folder {@code samples/packages} (sch_codel.ko of Debian's 6.1.0-47 and 6.1.0-57
 * in small packages). The expected cells are what the kernel did: 6.1.0-57's loader took debian_lp, 6.1.0-47's
 * refused it ("disagrees about version of symbol module_layout", recorded in samples/debian).
 */
@ExtendWith(ApplicationExtension.class)
class BuildMatrixWindowTest extends WindowFixture {

    @RegisterExtension
    final PrivateObjectCache cache = new PrivateObjectCache();

    @Start
    void start(Stage stage) {
        startOnSeed(stage);
    }

    @BeforeEach
    void loaded() {
        seedLoaded();
    }


    @SuppressWarnings("unchecked")
    private TableView<BuildMatrix.Row> matrix() {
        return (TableView<BuildMatrix.Row>) lookup("#" + BuildMatrixView.ID).query();
    }

    @Test
    void twoBuildsInPackagesGiveOneColumnEachWithTheLoadersVerdict() {
        assertFalse(matrix().getParent().isVisible(), "one build (the seed scenario): no matrix");
        interact(() -> vm.open(SAMPLES.resolve("debian/debian_lp.ko"), List.of(SAMPLES.resolve("packages"))));
        settle();
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        assertTrue(matrix().getParent().isVisible());
        List<String> columns = matrix().getColumns().stream().map(TableColumn::getText).toList();
        assertEquals(List.of("Object / target", "6.1.0-47", "6.1.0-57"), columns);
        BuildMatrix.Row object = matrix().getItems().get(0);
        assertEquals("sch_codel (the object itself)", object.label());
        assertEquals("refused", cellText(0, 1));
        assertEquals("ok", cellText(0, 2));
    }

    /**
     * Check → ignore rules, as {@code --ignore}: the seed module built for 6.1.0-57, 6.12 and 7.3 (BuildMatrixTest),
     * whose 6.12 and 7.3 builds the loader refuses. Ignoring the refusing checks marks those cells as the text
     * report does, and taking the rules away unmarks them.
     */
    @Test
    void cellsWhoseRefusalsAreIgnoredReadAsIgnored() {
        interact(() -> vm.open(SAMPLES.resolve("seed/seed_lp1.ko"), List.of(SAMPLES.resolve("seed/v1/foo.ko"),
                SAMPLES.resolve("kernels/6.12/seed/v1/foo.ko"), SAMPLES.resolve("kernels/7.3/seed/v1/foo.ko"))));
        settle();
        assertEquals("refused", cellText(0, 2));
        interact(() -> vm.ignoreRules().setAll("this-module-size", "module-layout", "vermagic"));
        settle();
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        assertEquals(List.of("Object / target", "6.1.0-57", "6.12.95+deb12 … 7.3.4+deb13"),
                matrix().getColumns().stream().map(TableColumn::getText).toList());
        assertEquals("ok", cellText(0, 1));
        assertEquals("refused [ignored]", cellText(0, 2));
        interact(() -> vm.ignoreRules().setAll("this-module-size"));
        settle();
        assertEquals("refused", cellText(0, 2), "module-layout and vermagic still refuse there");
    }

    /** File → Add Kernel Folder: the folder chosen is searched for the open patch's objects, as the drop above. */
    @Test
    void addKernelFolderAddsTheBuildsOfTheFolder() {
        interact(() -> vm.open(SAMPLES.resolve("debian/debian_lp.ko"), List.of()));
        settle();
        assertTrue(window.actions().command(StandardAction.ADD_KERNEL_FOLDER).isExecutable(), "a patch is open");
        dialogs.willPick(SAMPLES.resolve("packages"));
        interact(() -> window.actions().execute(StandardAction.ADD_KERNEL_FOLDER));
        settle();
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        assertEquals("Add a folder of kernel builds", dialogs.asked.get(dialogs.asked.size() - 1));
        assertEquals(List.of("Object / target", "6.1.0-47", "6.1.0-57"),
                matrix().getColumns().stream().map(TableColumn::getText).toList());
    }

    /**
     * Debian's own linux-image packages of 6.1.0-47, -48 and -57 (in /var/cache/klpscope; skipped where they are not):
     * 47 and 48 have identical verdicts in every row, so they are one column, as the text report groups them.
     */
    @Test
    void identicalAdjacentBuildsOfRealPackagesAreOneColumnAsInTheReport() throws Exception {
        Path dir = Path.of("/var/cache/klpscope");
        List<Path> debs = new ArrayList<>();
        for (String abi : List.of("47", "48", "57")) {
            if (!Files.isDirectory(dir)) {
                break;
            }
            try (var found = Files.list(dir)) {
                found.filter(f -> f.getFileName().toString().startsWith("linux-image-6.1.0-" + abi + "-amd64_")
                        && f.getFileName().toString().endsWith(".deb")).findFirst().ifPresent(debs::add);
            }
        }
        Assumptions.assumeTrue(debs.size() == 3, "no linux-image packages of 6.1.0-47, -48 and -57 in " + dir);
        interact(() -> vm.open(SAMPLES.resolve("debian/debian_lp.ko"), debs));
        settle(180); // three 70 MB packages decoded when the extraction cache is cold
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        assertEquals(List.of("Object / target", "6.1.0-47 … 6.1.0-48", "6.1.0-57"),
                matrix().getColumns().stream().map(TableColumn::getText).toList());
        assertEquals("refused", cellText(0, 1));
        assertEquals("ok", cellText(0, 2));
        List<String> args = new ArrayList<>(List.of("check", SAMPLES.resolve("debian/debian_lp.ko").toString(), "--kernels"));
        debs.forEach(d -> args.add(d.toString()));
        StringWriter out = new StringWriter();
        Cli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertTrue(out.toString().contains("sch_codel (the object itself)      6.1.0-47 … 6.1.0-48: refused · 6.1.0-57: ok"),
                out.toString());
    }

    /** The text the cell of {@code row} shows in column {@code column}, as drawn. */
    private String cellText(int row, int column) {
        String id = matrix().getColumns().get(column).getId();
        return onFx(() -> lookup("#" + BuildMatrixView.ID + " .table-row-cell").queryAll().stream()
                .filter(n -> ((javafx.scene.control.TableRow<?>) n).getIndex() == row).findFirst()
                .flatMap(r -> r.lookupAll(".table-cell").stream()
                        .filter(c -> ((javafx.scene.control.TableCell<?, ?>) c).getTableColumn().getId().equals(id)).findFirst())
                .map(c -> ((javafx.scene.control.TableCell<?, ?>) c).getText()).orElse("(not drawn)"));
    }
}
