package dev.klpscope.ui.model;

import dev.klpscope.check.Severity;
import dev.klpscope.check.Site;
import dev.klpscope.check.Target;
import dev.klpscope.check.TargetKind;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the tree shows: kinds, worst severities, only breaking targets, and a search text matched against
 * object, target name ({@code name,sympos}) and site (section, relocation type, patch function).
 */
public record TargetFilter(boolean onlyBreaking, Set<TargetKind> kinds, Set<Severity> severities, String search) {

    public static final TargetFilter ALL = new TargetFilter(false, EnumSet.allOf(TargetKind.class),
            EnumSet.allOf(Severity.class), "");

    public TargetFilter {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        severities = severities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(severities));
        search = search == null ? "" : search.strip();
    }

    /** Kind, severity and breaking: everything but the search. */
    public boolean admits(Target t) {
        return admits(t, t.worst());
    }

    /** {@link #admits(Target)} with the target's worst verdict already known. */
    public boolean admits(Target t, Severity worst) {
        return kinds.contains(t.kind()) && severities.contains(worst) && (!onlyBreaking || Breaking.is(worst));
    }

    public boolean searching() {
        return !search.isEmpty();
    }

    public boolean matchesObject(String object) {
        return contains(object);
    }

    public boolean matches(Target t) {
        return contains(t.label());
    }

    public boolean matches(Site s) {
        return contains(s.function()) || contains(s.section()) || contains(s.type());
    }

    private boolean contains(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT));
    }
}
