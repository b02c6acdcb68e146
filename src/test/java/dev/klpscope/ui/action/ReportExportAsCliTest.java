package dev.klpscope.ui.action;

import dev.klpscope.cli.Cli;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.ui.dialog.FakeDialogs;
import dev.klpscope.ui.dialog.FileKind;
import dev.klpscope.ui.model.Jobs;
import dev.klpscope.ui.model.MainViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A report exported from the window, with options set through the Check menu's commands, is the file
 * {@code check --format FORMAT} prints with the same options: the same gate, the same accepted and ignored findings.
 * No stage: dialogs answered by a fake, work inline, paths relative to the working directory in both.
 */
class ReportExportAsCliTest {

    private static final Path MULTI = Path.of("samples/multiobj");
    private static final Path PATCH = MULTI.resolve("multiobj_lp.ko");
    private static final Path FOO1 = MULTI.resolve("v1/foo.ko");
    private static final Path FOO2 = MULTI.resolve("v2/foo.ko");

    private static String cli(ReportFormat format, List<String> options) {
        List<String> all = new ArrayList<>(List.of("check", "--format", format.word().toLowerCase(java.util.Locale.ROOT)));
        all.addAll(options);
        all.addAll(List.of(PATCH.toString(), FOO1.toString(), FOO2.toString()));
        StringWriter out = new StringWriter();
        Cli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        return out.toString();
    }

    private static String exported(MainViewModel vm, FakeDialogs dialogs, ReportFormat format, Path dir) throws IOException {
        Path out = dir.resolve("report-" + format.extension());
        dialogs.willPick(out);
        new ExportCommand(vm, Jobs.INLINE, dialogs, new FileKind("report", List.of("*")), () -> "r",
                ReportContent.of(vm, format)).needingResult().execute();
        return Files.readString(out);
    }

    @Test
    void everyReportFormatIsWhatCheckPrintsWithTheSameOptions(@TempDir Path dir) throws IOException {
        String defaults = cli(ReportFormat.JSON, List.of());
        Matcher id = Pattern.compile("\"id\": ?\"(build-id-[0-9a-f]{12})\"").matcher(defaults);
        assertTrue(id.find(), "the default run has a build-id finding to accept:\n" + defaults);
        Path accept = Files.writeString(dir.resolve("accepted.txt"), id.group(1) + "  # reviewed\n");

        FakeDialogs dialogs = new FakeDialogs();
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.open(PATCH, List.of(FOO1, FOO2));
        dialogs.willChoose(new Labelled<>("warn", dev.klpscope.check.Severity.WARN));
        ChooseSettingCommand.failOn(dialogs, vm.failOnProperty()).execute();
        dialogs.willWrite("objname-match");
        new EditIgnoreRulesCommand(dialogs, vm.ignoreRules()).execute();
        dialogs.willPick(accept);
        SettingFileCommand.choosing(dialogs, "Accept File", vm.acceptFileProperty(), FileKind.ANY).execute();
        assertTrue(vm.problems().isEmpty(), vm.problems().toString());

        List<String> options = List.of("--fail-on", "warn", "--ignore", "objname-match", "--accept", accept.toString());
        for (ReportFormat f : List.of(ReportFormat.MARKDOWN, ReportFormat.HTML, ReportFormat.JSON)) {
            String cli = cli(f, options);
            assertEquals(cli, exported(vm, dialogs, f, dir), f + " export");
            assertNotEquals(cli(f, List.of()), cli, f + ": the options change the report");
        }
        assertTrue(cli(ReportFormat.JSON, options).contains("\"accepted\""), "the accept file is applied");
    }
}
