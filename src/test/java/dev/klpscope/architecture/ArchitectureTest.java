package dev.klpscope.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of docs/architecture.md, held on the compiled production classes: dependencies point one way
 * ({@code ui, cli → load → kernels → report → check → livepatch (+ lint) → module → elf}, each package's sub-packages in its layer), no
 * JavaFX below {@code ui}, no jelf outside {@code elf}, no cycle between packages, none between the classes of
 * {@code check}, and the window's sub-packages one way ({@code ui.view → ui.action → the rest}).
 */
class ArchitectureTest {

    private static final String ROOT = "dev.klpscope";

    /** Top to bottom; a layer may use any layer below it, never one above. {@code entry} is {@code Main} alone. */
    private static final List<String> LAYERS = List.of("entry", "ui", "cli", "load", "kernels", "report", "check", "livepatch", "module", "elf");

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);

    @Test
    void dependenciesPointDownTheLayers() {
        layers().check(CLASSES);
    }

    static Architectures.LayeredArchitecture layers() {
        Architectures.LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("entry").definedBy(ROOT)
                .layer("ui").definedBy(ROOT + ".ui..")
                .layer("cli").definedBy(ROOT + ".cli..")
                .layer("load").definedBy(ROOT + ".load..")
                .layer("kernels").definedBy(ROOT + ".kernels..")
                .layer("report").definedBy(ROOT + ".report..")
                .layer("check").definedBy(ROOT + ".check..")
                .layer("livepatch").definedBy(ROOT + ".livepatch..")
                .layer("module").definedBy(ROOT + ".module..")
                .layer("elf").definedBy(ROOT + ".elf..")
                .whereLayer("entry").mayNotBeAccessedByAnyLayer()
                // ui and cli are the two front ends, side by side: neither uses the other.
                .whereLayer("ui").mayOnlyBeAccessedByLayers("entry")
                .whereLayer("cli").mayOnlyBeAccessedByLayers("entry");
        for (int i = LAYERS.indexOf("load"); i < LAYERS.size(); i++) {
            layers = layers.whereLayer(LAYERS.get(i)).mayOnlyBeAccessedByLayers(LAYERS.subList(0, i).toArray(String[]::new));
        }
        return layers.ensureAllClassesAreContainedInArchitecture();
    }

    @Test
    void javafxStaysInTheWindow() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "com.sun.javafx..", "org.controlsfx..",
                        "atlantafx..", "org.testfx..")
                .because("docs/architecture.md: nothing outside ui imports JavaFX (the command line runs headless)")
                .check(CLASSES);
    }

    @Test
    void jelfStaysInTheReader() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".elf..")
                .should().dependOnClassesThat().resideInAPackage("net.fornwall.jelf..")
                .because("docs/architecture.md: elf.JelfHeader is the only user of jelf; nothing above elf sees it")
                .check(CLASSES);
    }

    @Test
    void commonsCompressStaysInThePackageReaders() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".kernels..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.commons.compress..")
                .because("docs/architecture.md: the archive library is used only by the package readers of kernels")
                .check(CLASSES);
    }

    /**
     * Inside the window, one way (docs/architecture.md, "ui"): {@code ui.view → ui.action → ui.dialog, ui.model,
     * ui.export, ui.theme}; only the views (and {@code ui.App}, which shows them) use the views, and nothing below
     * the actions uses them.
     */
    @Test
    void theWindowsSubPackagesPointOneWay() {
        noClasses().that().resideInAnyPackage(ROOT + ".ui.action..", ROOT + ".ui.dialog..", ROOT + ".ui.model..",
                        ROOT + ".ui.export..", ROOT + ".ui.theme..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".ui.view..")
                .because("docs/architecture.md: ui.view → ui.action → ui.dialog, ui.model, ui.export, ui.theme")
                .check(CLASSES);
        noClasses().that().resideInAnyPackage(ROOT + ".ui.dialog..", ROOT + ".ui.model..", ROOT + ".ui.export..",
                        ROOT + ".ui.theme..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".ui.action..")
                .because("docs/architecture.md: ui.view → ui.action → ui.dialog, ui.model, ui.export, ui.theme")
                .check(CLASSES);
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        packageCycles().check(CLASSES);
    }

    static ArchRule packageCycles() {
        return slices().matching(ROOT + ".(**)").should().beFreeOfCycles();
    }

    /** The checks are small classes the Inspector runs; none of them calls back into another that uses it. */
    @Test
    void theClassesOfCheckHaveNoCycle() {
        classCycles(ROOT + ".check").check(CLASSES);
    }

    /** One slice per top-level class of {@code pkg} (nested classes with their outer class), so cycles are between classes. */
    static ArchRule classCycles(String pkg) {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                if (!c.getPackageName().equals(pkg)) {
                    return SliceIdentifier.ignore();
                }
                String name = c.getName().substring(pkg.length() + 1);
                int nested = name.indexOf('$');
                return SliceIdentifier.of(nested < 0 ? name : name.substring(0, nested));
            }

            @Override
            public String getDescription() {
                return "the top-level classes of " + pkg;
            }
        }).should().beFreeOfCycles();
    }
}
