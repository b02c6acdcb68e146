package dev.klpscope.ui.action;

import dev.klpscope.load.CheckSettings;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.Reports;
import dev.klpscope.ui.model.MainViewModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A report export's bytes: the current inspection rendered with the window's gate and its settings' suppressions,
 * as {@code check --format FORMAT} renders it with the same options. The settings are taken on the UI thread; the
 * accept file is read with the rendering, in the background.
 */
public final class ReportContent {

    private ReportContent() {
    }

    public static ExportCommand.Content of(MainViewModel vm, ReportFormat format) {
        return () -> {
            var inspection = vm.getInspection();
            var gate = Optional.ofNullable(vm.gateProperty().get());
            CheckSettings settings = vm.settings();
            return () -> {
                try {
                    return Reports.render(inspection, format, gate, settings.suppressions()).getBytes(StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                }
            };
        };
    }
}
