package dev.klpscope.ui.action;

import dev.klpscope.check.Severity;
import dev.klpscope.livepatch.lint.KernelRules;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.ui.dialog.Dialogs;
import javafx.beans.property.ObjectProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Check → Loader… and Check → Fail On…: one value of a setting chosen among those its command-line option takes
 * ({@code --loader}, {@code --fail-on}). The current value is offered first, so Enter keeps it.
 */
public final class ChooseSettingCommand<T> extends Command {

    private final Dialogs dialogs;
    private final String title;
    private final ObjectProperty<T> setting;
    private final List<Labelled<T>> choices;

    public ChooseSettingCommand(Dialogs dialogs, String title, ObjectProperty<T> setting, List<Labelled<T>> choices) {
        this.dialogs = dialogs;
        this.title = title;
        this.setting = setting;
        this.choices = List.copyOf(choices);
    }

    /** {@code --loader}: the one the vermagic names (unset), or one of the modelled loaders. */
    public static ChooseSettingCommand<KernelVersion> loader(Dialogs dialogs, ObjectProperty<KernelVersion> loader) {
        List<Labelled<KernelVersion>> choices = new ArrayList<>();
        choices.add(new Labelled<>("from vermagic", null));
        KernelRules.MODELLED.forEach(v -> choices.add(new Labelled<>(v.toString(), v)));
        return new ChooseSettingCommand<>(dialogs, "Loader", loader, choices);
    }

    /** {@code --fail-on}: a severity but {@code ok}, or {@code never} (unset). */
    public static ChooseSettingCommand<Severity> failOn(Dialogs dialogs, ObjectProperty<Severity> failOn) {
        List<Labelled<Severity>> choices = new ArrayList<>();
        for (Severity s : Severity.values()) {
            if (s != Severity.OK) {
                choices.add(new Labelled<>(s.word(), s));
            }
        }
        choices.add(new Labelled<>("never", null));
        return new ChooseSettingCommand<>(dialogs, "Fail On", failOn, choices);
    }

    /** The choices as offered now: the current one first. */
    public List<Labelled<T>> offered() {
        List<Labelled<T>> l = new ArrayList<>(choices);
        l.sort((a, b) -> Boolean.compare(!Objects.equals(a.value(), setting.get()), !Objects.equals(b.value(), setting.get())));
        return l;
    }

    @Override
    public void execute() {
        dialogs.choose(title, title + " (now " + current() + ")", offered()).ifPresent(c -> setting.set(c.value()));
    }

    private String current() {
        return choices.stream().filter(c -> Objects.equals(c.value(), setting.get())).map(Labelled::text).findFirst()
                .orElse(String.valueOf(setting.get()));
    }
}
