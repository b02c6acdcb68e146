package dev.klpscope.ui.action;

import javafx.scene.Node;

/** File → Quit (Ctrl+Q): closes the window (its placement and theme are saved as it hides). */
public final class QuitCommand extends Command {

    private final Node anyNode;

    public QuitCommand(Node anyNode) {
        this.anyNode = anyNode;
    }

    @Override
    public void execute() {
        anyNode.getScene().getWindow().hide();
    }
}
