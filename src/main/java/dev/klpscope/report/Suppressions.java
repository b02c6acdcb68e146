package dev.klpscope.report;

import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Known, reviewed findings the command line's gate does not count ({@code --accept FILE}, {@code --ignore
 * CHECK[:TARGET]}). They stay in every report, marked {@code accepted} or {@code ignored}; only the exit status
 * and {@code --fail-on} leave them out. The checks never see this: it is applied to their findings afterwards.
 *
 * @param accepted finding ids ({@code findings[].id} of the JSON report) accepted one by one
 * @param ignored  rules that ignore a check everywhere or at one target
 */
public record Suppressions(Set<String> accepted, List<Ignore> ignored) {

    public static final Suppressions NONE = new Suppressions(Set.of(), List.of());

    public Suppressions {
        accepted = Set.copyOf(accepted);
        ignored = List.copyOf(ignored);
    }

    /**
     * {@code CHECK} or {@code CHECK:TARGET}: TARGET is a target as the reports name it ({@code object:symbol,sympos})
     * or an object name, which covers the object's candidates and targets.
     */
    public record Ignore(String check, Optional<String> target) {

        /** Splits at the first colon (check ids have none; target names do). */
        public static Ignore parse(String rule) {
            int colon = rule.indexOf(':');
            if (rule.isBlank() || colon == 0 || colon == rule.length() - 1) {
                throw new IllegalArgumentException("'" + rule + "' is not CHECK or CHECK:TARGET");
            }
            return colon < 0 ? new Ignore(rule, Optional.empty())
                    : new Ignore(rule.substring(0, colon), Optional.of(rule.substring(colon + 1)));
        }

        boolean matches(IdentifiedFinding f) {
            return f.finding().check().equals(check)
                    && target.map(t -> t.equals(f.targetName()) || t.equals(f.object())).orElse(true);
        }
    }

    /** {@code accepted}, {@code ignored} or empty: how the gate treats this finding (accepted wins). */
    Optional<String> of(IdentifiedFinding f) {
        if (accepted.contains(f.id())) {
            return Optional.of("accepted");
        }
        return ignored.stream().anyMatch(i -> i.matches(f)) ? Optional.of("ignored") : Optional.empty();
    }

    /** The worst finding the gate counts: every finding but the accepted and ignored ones. */
    public Severity worstCounted(Inspection in) {
        return Severity.worstOf(IdentifiedFinding.of(in).stream().filter(f -> of(f).isEmpty())
                .map(IdentifiedFinding::finding).toList());
    }

    /** Accepted ids no finding of this run has, sorted: the finding is gone or its file was renamed. */
    public List<String> staleIds(Inspection in) {
        Set<String> stale = new TreeSet<>(accepted);
        IdentifiedFinding.of(in).forEach(f -> stale.remove(f.id()));
        return List.copyOf(stale);
    }
}
