package dev.klpscope.ui.model;

import dev.klpscope.check.Severity;
import dev.klpscope.cli.Cli;
import dev.klpscope.load.CheckSettings;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window and the command line load through one service: the view-model (no stage, work inline) given the same
 * files and the same options as {@code klpscope check} has the same inspection and the same gate, compared as the
 * JSON report {@code check --format json} prints (paths relative to the working directory in both).
 */
class SameInspectionAsCliTest {

    private static final Path SEED = Path.of("samples/seed");
    private static final Path MULTI = Path.of("samples/multiobj");

    /** {@code check --format json ARGS}: its output and exit status. */
    private record CliJson(String json, int exit) {
    }

    private static CliJson cli(List<String> args) {
        List<String> all = new ArrayList<>(List.of("check", "--format", "json"));
        all.addAll(args);
        StringWriter out = new StringWriter();
        int exit = Cli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        return new CliJson(out.toString(), exit);
    }

    /** The window's inspection, rendered with its gate and its settings' suppressions as the command line renders its own. */
    private static String window(MainViewModel vm) throws IOException {
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        assertNotNull(vm.getInspection());
        assertNotNull(vm.gateProperty().get(), "an inspection has a gate");
        return Reports.render(vm.getInspection(), ReportFormat.JSON, Optional.of(vm.gateProperty().get()),
                vm.settings().suppressions());
    }

    @Test
    void defaultsGiveTheSameInspectionAndGate() throws IOException {
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.open(SEED.resolve("seed_lp2.ko"), List.of(SEED.resolve("v1/foo.ko"), SEED.resolve("v2/foo.ko")));
        CliJson cli = cli(List.of("samples/seed/seed_lp2.ko", "samples/seed/v1/foo.ko", "samples/seed/v2/foo.ko"));
        assertEquals(1, cli.exit(), "seed_lp2 is refused on v1: the gate fails at silent");
        assertEquals(cli.json(), window(vm));
        assertTrue(vm.gateProperty().get().failed());
    }

    /**
     * Every option of {@code check} that changes the result, set in the window's model: {@code --loader},
     * {@code --require-all-objects}, {@code --fail-on}, {@code --ignore}, {@code --accept}; and {@code --baseline}
     * as the window's baseline choice.
     */
    @Test
    void everyOptionHasItsPlaceInTheWindowAndGivesTheSameResult(@TempDir Path dir) throws IOException {
        Path patch = MULTI.resolve("multiobj_lp.ko");
        Path foo1 = MULTI.resolve("v1/foo.ko");
        Path foo2 = MULTI.resolve("v2/foo.ko");
        // One id of the default run, accepted from a file as a reviewer would.
        String defaults = cli(List.of(patch.toString(), foo1.toString(), foo2.toString())).json();
        Matcher id = Pattern.compile("\"id\": ?\"(build-id-[0-9a-f]{12})\"").matcher(defaults);
        assertTrue(id.find(), "the default run has a build-id finding to accept:\n" + defaults);
        Path accept = Files.writeString(dir.resolve("accepted.txt"), id.group(1) + "  # reviewed\n");

        CliJson cli = cli(List.of("--loader", "7.3", "--require-all-objects", "--fail-on", "warn", "--ignore", "objname-match",
                "--accept", accept.toString(), "--baseline", foo2.toString(), patch.toString(), foo1.toString(), foo2.toString()));
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.open(patch, List.of(foo1, foo2));
        vm.makeBaseline(foo2.toString());
        vm.applySettings(new CheckSettings(Optional.of(KernelVersion.of(7, 3)), true, Optional.of(Severity.WARN),
                List.of("objname-match"), Optional.of(accept), Optional.empty()));
        assertEquals(cli.json(), window(vm));
        assertEquals(cli.exit() == Cli.FINDINGS, vm.gateProperty().get().failed());

        assertNotEquals(defaults, cli.json(), "the options change the report");
        assertTrue(cli.json().contains("\"accepted\""), "the accept file is applied");
        assertTrue(cli.json().contains("Linux 7.3"), "the loader is applied");
    }

    /** Each property alone re-inspects: the loader set in the model is the one the patch is judged by. */
    @Test
    void changingOnePropertyInspectsAgain() throws IOException {
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.open(SEED.resolve("seed_lp2.ko"), List.of(SEED.resolve("v1/foo.ko")));
        assertTrue(vm.getInspection().patch().lintRules().describe().contains("6.1"));
        vm.loaderProperty().set(KernelVersion.of(6, 12));
        assertTrue(vm.getInspection().patch().lintRules().describe().contains("6.12"),
                vm.getInspection().patch().lintRules().describe());
        vm.failOnProperty().set(null);
        assertEquals("never", vm.gateProperty().get().failOn());
        assertEquals(false, vm.gateProperty().get().failed());
        assertEquals(cli(List.of("--loader", "6.12", "--fail-on", "never", "samples/seed/seed_lp2.ko", "samples/seed/v1/foo.ko"))
                .json(), window(vm));
    }
}
