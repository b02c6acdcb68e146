package dev.klpscope.report;

import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Inspector;
import dev.klpscope.check.Severity;
import dev.klpscope.livepatch.Livepatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Known, reviewed findings the command line's gate does not count ({@code --accept FILE}, {@code --ignore
 * CHECK[:TARGET]}). They stay in every report, marked {@code accepted} or {@code ignored}; only the exit status
 * and {@code --fail-on} leave them out. The checks never see this: it is applied to their findings afterwards,
 * those of a whole inspection ({@code check}) or of the patch file alone ({@code show}).
 *
 * @param accepted finding ids ({@code findings[].id} of the JSON report) accepted one by one, in file order
 * @param ignored  rules that ignore a check everywhere or at one target, in command-line order
 */
public record Suppressions(List<Accepted> accepted, List<Ignore> ignored) {

    public static final Suppressions NONE = new Suppressions(List.of(), List.of());

    public Suppressions {
        accepted = List.copyOf(accepted);
        ignored = List.copyOf(ignored);
    }

    /** One rule as the user wrote it: an accepted id or an ignore rule. */
    public sealed interface Rule permits Accepted, Ignore {

        /** The id, or the {@code --ignore} rule as given. */
        String rule();
    }

    /** An accepted finding id with where it was read ({@code file} as reports name it, {@code line} from 1). */
    public record Accepted(String id, String file, int line) implements Rule {

        @Override
        public String rule() {
            return id;
        }

        boolean matches(IdentifiedFinding f) {
            return f.id().equals(id);
        }
    }

    /**
     * {@code CHECK} or {@code CHECK:TARGET}: TARGET is a target as the reports name it ({@code object:symbol,sympos})
     * or an object name, which covers the object's candidates and targets.
     */
    public record Ignore(String check, Optional<String> target) implements Rule {

        /** Splits at the first colon (check ids have none; target names do). */
        public static Ignore parse(String rule) {
            int colon = rule.indexOf(':');
            if (rule.isBlank() || colon == 0 || colon == rule.length() - 1) {
                throw new IllegalArgumentException("'" + rule + "' is not CHECK or CHECK:TARGET");
            }
            return colon < 0 ? new Ignore(rule, Optional.empty())
                    : new Ignore(rule.substring(0, colon), Optional.of(rule.substring(colon + 1)));
        }

        @Override
        public String rule() {
            return check + target.map(t -> ":" + t).orElse("");
        }

        boolean matches(IdentifiedFinding f) {
            return f.finding().check().equals(check)
                    && target.map(t -> t.equals(f.targetName()) || t.equals(f.object())).orElse(true);
        }
    }

    /** {@code accepted}, {@code ignored} or empty: how the gate treats this finding (accepted wins). */
    Optional<String> of(IdentifiedFinding f) {
        if (accepted.stream().anyMatch(a -> a.matches(f))) {
            return Optional.of("accepted");
        }
        return ignored.stream().anyMatch(i -> i.matches(f)) ? Optional.of("ignored") : Optional.empty();
    }

    /** The worst finding the gate counts: every finding but the accepted and ignored ones. */
    public Severity worstCounted(Inspection in) {
        return worstCounted(IdentifiedFinding.of(in));
    }

    /** As above over the patch file's own findings, as {@code show} lists them. */
    public Severity worstCounted(Livepatch patch) {
        return worstCounted(patchFile(patch));
    }

    /**
     * The rules that match no finding of this run, accepted ids first (file order), then ignore rules (command-line
     * order): the finding is gone, its file was renamed, or the rule names a check or target that is not there.
     */
    public List<Rule> unused(Inspection in) {
        return unused(IdentifiedFinding.of(in));
    }

    /** As above over the patch file's own findings. */
    public List<Rule> unused(Livepatch patch) {
        return unused(patchFile(patch));
    }

    static List<IdentifiedFinding> patchFile(Livepatch patch) {
        return IdentifiedFinding.ofPatchFile(Inspector.patchFileFindings(patch));
    }

    private Severity worstCounted(List<IdentifiedFinding> findings) {
        return Finding.worstOf(findings.stream().filter(f -> of(f).isEmpty()).map(IdentifiedFinding::finding).toList());
    }

    private List<Rule> unused(List<IdentifiedFinding> findings) {
        List<Rule> rules = new ArrayList<>(accepted);
        rules.addAll(ignored);
        return rules.stream().filter(r -> findings.stream().noneMatch(f -> matches(r, f))).toList();
    }

    private static boolean matches(Rule r, IdentifiedFinding f) {
        return r instanceof Accepted a ? a.matches(f) : ((Ignore) r).matches(f);
    }
}
