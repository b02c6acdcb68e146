package dev.klpscope.ui.model;

import dev.klpscope.PrivateObjectCache;
import dev.klpscope.check.CandidateInfo;
import dev.klpscope.cli.Cli;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kernel packages and folders as candidates in the window go through the command line's service
 * ({@code load.KernelCandidates}): the view-model (no stage, work inline) opening the Debian sample patch with
 * {@code samples/packages} (two small {@code .deb}s and an {@code .rpm} built by make-packages.sh from Debian's own
 * sch_codel.ko) has the inspection {@code check --kernels samples/packages} prints, compared as JSON.
 */
class KernelPackagesInWindowTest {

    static final Path PATCH = Path.of("samples/debian/debian_lp.ko");
    static final Path PACKAGES = Path.of("samples/packages");

    @RegisterExtension
    final PrivateObjectCache cache = new PrivateObjectCache();



    private static String cliJson(String... args) {
        StringWriter out = new StringWriter();
        String[] all = new String[args.length + 3];
        all[0] = "check";
        all[1] = "--format";
        all[2] = "json";
        System.arraycopy(args, 0, all, 3, args.length);
        Cli.run(all, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        return out.toString();
    }

    private static String windowJson(MainViewModel vm) throws IOException {
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());
        return Reports.render(vm.getInspection(), ReportFormat.JSON, Optional.of(vm.gateProperty().get()),
                vm.settings().suppressions());
    }

    @Test
    void aFolderOfPackagesGivesTheCandidatesAndVerdictsOfCheckKernels() throws IOException {
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.open(PATCH, List.of(PACKAGES));
        String cli = cliJson(PATCH.toString(), "--kernels", PACKAGES.toString());
        assertEquals(cli, windowJson(vm));
        List<String> paths = vm.getInspection().candidates().stream().map(CandidateInfo::path).sorted().toList();
        // One candidate per build: the .rpm's copy of 6.1.0-57 has the .deb's bytes and is the same build.
        assertEquals(2, paths.size(), paths.toString());
        assertTrue(paths.get(0).contains("6.1.0-57") != paths.get(1).contains("6.1.0-57"), "ABIs 47 and 57: " + paths);
        assertTrue(paths.stream().allMatch(p -> p.startsWith("samples/packages/") && p.endsWith(
                "-amd64/kernel/net/sched/sch_codel.ko")), "PACKAGE:MEMBER, never the cache path: " + paths);
        assertTrue(vm.getInspection().candidates().stream().allMatch(c -> !c.origin().isEmpty()), "each has its package");
    }

    @Test
    void packagesDroppedAfterThePatchAreAddedAsCandidates() throws IOException {
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.drop(List.of(PATCH));
        Path deb47 = PACKAGES.resolve("linux-image-6.1.0-47-amd64_sample.deb");
        Path rpm57 = PACKAGES.resolve("kernel-core-6.1.0-57-amd64.sample.rpm");
        vm.drop(List.of(deb47, rpm57));
        assertEquals(cliJson(PATCH.toString(), "--kernels", deb47.toString(), rpm57.toString()), windowJson(vm));
        assertEquals(2, vm.candidates().size());
    }

    /** A truncated package is one line in the banner naming it; the good package beside it is still a candidate. */
    @Test
    void aBrokenPackageIsAProblemAndTheOthersAreAdded(@TempDir Path dir) throws IOException {
        Path good = Files.copy(PACKAGES.resolve("linux-image-6.1.0-47-amd64_sample.deb"),
                dir.resolve("linux-image-6.1.0-47-amd64_sample.deb"));
        byte[] whole = Files.readAllBytes(PACKAGES.resolve("linux-image-6.1.0-57-amd64_sample.deb"));
        Path cut = Files.write(dir.resolve("linux-image-6.1.0-57-amd64_cut.deb"), Arrays.copyOf(whole, whole.length / 2));
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.drop(List.of(PATCH));
        vm.drop(List.of(dir));
        assertEquals(1, vm.problems().size(), vm.problems().toString());
        assertTrue(vm.problems().get(0).contains(cut.getFileName().toString()), vm.problems().get(0));
        assertEquals(1, vm.candidates().size());
        assertTrue(vm.getInspection().candidates().get(0).path().contains(good.getFileName().toString()));
    }

    @Test
    void aPackageWithoutAPatchIsAProblemNamingIt() {
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.addCandidates(List.of(PACKAGES));
        assertNull(vm.getInspection());
        assertEquals(1, vm.problems().size(), vm.problems().toString());
        assertTrue(vm.problems().get(0).startsWith("samples/packages: open the patch first"), vm.problems().get(0));
    }
}
