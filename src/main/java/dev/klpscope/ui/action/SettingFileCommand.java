package dev.klpscope.ui.action;

import dev.klpscope.ui.dialog.Dialogs;
import dev.klpscope.ui.dialog.FileKind;
import javafx.beans.property.ObjectProperty;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Check → Accept File… / BTF Base… and their Clear items: a file option ({@code --accept}, {@code --btf-base})
 * chosen or cleared. The chooser opens in the current file's folder.
 */
public final class SettingFileCommand extends Command {

    private final Dialogs dialogs;
    private final String title;
    private final ObjectProperty<Path> setting;
    private final FileKind kind;
    private final boolean clearing;

    private SettingFileCommand(Dialogs dialogs, String title, ObjectProperty<Path> setting, FileKind kind, boolean clearing) {
        this.dialogs = dialogs;
        this.title = title;
        this.setting = setting;
        this.kind = kind;
        this.clearing = clearing;
        if (clearing) {
            executableWhen(setting.isNotNull());
        }
    }

    public static SettingFileCommand choosing(Dialogs dialogs, String title, ObjectProperty<Path> setting, FileKind kind) {
        return new SettingFileCommand(dialogs, title, setting, kind, false);
    }

    public static SettingFileCommand clearing(ObjectProperty<Path> setting) {
        return new SettingFileCommand(null, "", setting, null, true);
    }

    @Override
    public void execute() {
        if (clearing) {
            setting.set(null);
            return;
        }
        Optional<Path> folder = Optional.ofNullable(setting.get()).map(Path::toAbsolutePath).map(Path::getParent);
        dialogs.openFile(title, folder, List.of(kind, FileKind.ANY)).ifPresent(setting::set);
    }
}
