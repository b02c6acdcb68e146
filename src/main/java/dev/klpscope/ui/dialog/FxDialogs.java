package dev.klpscope.ui.dialog;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.TextArea;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** {@link Dialogs} with the platform's file choosers and JavaFX alerts, owned by the window. */
public final class FxDialogs implements Dialogs {

    private final Supplier<Window> owner;

    /** Dialogs owned by whichever window has the focus when one opens. */
    public FxDialogs() {
        this(() -> Window.getWindows().stream().filter(Window::isFocused).findFirst().orElse(null));
    }

    /** @param owner the window the dialogs are modal to (looked up when a dialog opens: the scene comes later) */
    public FxDialogs(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<Path> openFile(String title, Optional<Path> folder, List<FileKind> kinds) {
        return Optional.ofNullable(chooser(title, folder, kinds).showOpenDialog(owner.get())).map(File::toPath);
    }

    @Override
    public List<Path> openFiles(String title, Optional<Path> folder, List<FileKind> kinds) {
        List<File> files = chooser(title, folder, kinds).showOpenMultipleDialog(owner.get());
        return files == null ? List.of() : files.stream().map(File::toPath).toList();
    }

    @Override
    public Optional<Path> openFolder(String title, Optional<Path> folder) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle(title);
        folder.filter(Files::isDirectory).map(Path::toFile).ifPresent(c::setInitialDirectory);
        return Optional.ofNullable(c.showDialog(owner.get())).map(File::toPath);
    }

    @Override
    public Optional<Path> saveFile(String title, String name, FileKind kind) {
        FileChooser c = chooser(title, Optional.empty(), List.of(kind));
        c.setInitialFileName(name);
        return Optional.ofNullable(c.showSaveDialog(owner.get())).map(File::toPath);
    }

    @Override
    public <T> Optional<T> choose(String title, String question, List<T> choices) {
        Alert a = alert(Alert.AlertType.CONFIRMATION, title, null, question);
        List<ButtonType> buttons = new ArrayList<>();
        for (int n = 0; n < choices.size(); n++) {
            buttons.add(new ButtonType(choices.get(n).toString(),
                    n == 0 ? ButtonBar.ButtonData.OK_DONE : ButtonBar.ButtonData.OTHER));
        }
        buttons.add(ButtonType.CANCEL);
        a.getButtonTypes().setAll(buttons);
        return a.showAndWait().map(buttons::indexOf).filter(n -> n >= 0 && n < choices.size()).map(choices::get);
    }

    @Override
    public Optional<String> editText(String title, String question, String text) {
        Dialog<String> d = new Dialog<>();
        d.setTitle(title);
        d.setHeaderText(question);
        d.initOwner(owner.get());
        TextArea area = new TextArea(text);
        area.setId("editTextArea");
        area.setPrefRowCount(8);
        d.getDialogPane().setContent(area);
        d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        d.setResultConverter(b -> b == ButtonType.OK ? area.getText() : null);
        return d.showAndWait();
    }

    @Override
    public void inform(String title, String header, String text) {
        alert(Alert.AlertType.INFORMATION, title, header, text).show();
    }

    @Override
    public void error(String title, String text) {
        alert(Alert.AlertType.ERROR, title, null, text).showAndWait();
    }

    private Alert alert(Alert.AlertType type, String title, String header, String text) {
        Alert a = new Alert(type, text);
        a.setTitle(title);
        a.setHeaderText(header);
        a.initOwner(owner.get());
        return a;
    }

    private static FileChooser chooser(String title, Optional<Path> folder, List<FileKind> kinds) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        kinds.forEach(k -> c.getExtensionFilters().add(new FileChooser.ExtensionFilter(k.description(), k.patterns())));
        folder.filter(Files::isDirectory).map(Path::toFile).ifPresent(c::setInitialDirectory);
        return c;
    }
}
