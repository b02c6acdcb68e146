package dev.klpscope.ui.action;

import dev.klpscope.report.Suppressions;
import dev.klpscope.ui.dialog.Dialogs;
import javafx.collections.ObservableList;

import java.util.Arrays;
import java.util.List;

/**
 * Check → Ignore Rules…: the {@code --ignore} rules edited as text, one {@code CHECK} or {@code CHECK:TARGET} a line.
 * A line that is not a rule is said and nothing changes, as the command line refuses the run.
 */
public final class EditIgnoreRulesCommand extends Command {

    private final Dialogs dialogs;
    private final ObservableList<String> rules;

    public EditIgnoreRulesCommand(Dialogs dialogs, ObservableList<String> rules) {
        this.dialogs = dialogs;
        this.rules = rules;
    }

    @Override
    public void execute() {
        dialogs.editText("Ignore Rules", "Findings the gate leaves out: CHECK or CHECK:TARGET, one a line (--ignore)",
                String.join("\n", rules)).ifPresent(this::apply);
    }

    private void apply(String text) {
        List<String> next = Arrays.stream(text.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).toList();
        try {
            next.forEach(Suppressions.Ignore::parse);
        } catch (IllegalArgumentException e) {
            dialogs.error("Ignore Rules", "--ignore " + e.getMessage());
            return;
        }
        if (!next.equals(rules)) {
            rules.setAll(next);
        }
    }
}
