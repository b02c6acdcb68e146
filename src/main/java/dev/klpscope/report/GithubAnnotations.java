package dev.klpscope.report;

import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * GitHub Actions workflow commands, one per finding at or above {@code info}: {@code ::error} for what breaks
 * ({@code crash}, {@code refused}, {@code silent}), {@code ::warning} for {@code risk} and {@code warn},
 * {@code ::notice} for {@code info}; the title names severity, check, target and candidate, the message is the
 * finding's followed by the kernel's own lines. Same order as {@code --format brief}. Escaped as the runner's
 * toolkit escapes them ({@code actions/toolkit} {@code command.ts}): {@code %}, CR and LF in the message, and also
 * {@code :} and {@code ,} in the title.
 */
final class GithubAnnotations {

    private GithubAnnotations() {
    }

    /** A finding the gate leaves out ({@code --accept}, {@code --ignore}) is a notice whatever its severity. */
    static String render(Inspection inspection, SuppressionMarks marks) {
        return LocatedFinding.atLeast(inspection, Severity.INFO).stream().map(l -> command(l, marks.of(l)))
                .collect(Collectors.joining());
    }

    private static String command(LocatedFinding l, Optional<String> suppressed) {
        Finding f = l.finding();
        String title = "klpscope " + f.severity().word() + " " + f.check()
                + (l.target().isEmpty() ? "" : " " + l.target()) + (l.candidate().isEmpty() ? "" : " on " + l.candidate())
                + suppressed.map(m -> " (" + m + ")").orElse("");
        List<String> message = new ArrayList<>();
        message.add(ControlChars.escape(f.message()));
        f.kernelMessage().ifPresent(k -> k.lines().forEach(line -> message.add("kernel: " + ControlChars.escape(line))));
        return "::" + (suppressed.isPresent() ? "notice" : level(f.severity())) + " title=" + property(ControlChars.escape(title)) + "::"
                + data(String.join("\n", message)) + "\n";
    }

    static String level(Severity s) {
        return switch (s) {
            case CRASH, REFUSED, SILENT -> "error";
            case RISK, WARN -> "warning";
            case INFO, OK -> "notice";
        };
    }

    /** {@code escapeData}: what would end the command or the line. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** {@code escapeProperty}: also what would end the property or the property list. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
