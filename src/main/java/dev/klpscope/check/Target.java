package dev.klpscope.check;

import java.util.List;
import java.util.Optional;

/**
 * A relocation target of the patch (or a function it replaces), with one verdict per candidate of its object.
 *
 * @param object   the object the kernel looks the name up in
 * @param sympos   the position asked for (0: must be unique)
 */
public record Target(String object, String symbol, long sympos, TargetKind kind, Role role, List<Site> sites,
                     List<Verdict> verdicts) {

    public Target {
        sites = List.copyOf(sites);
        verdicts = List.copyOf(verdicts);
    }

    /** The worst verdict over every candidate; {@code ok} when there is none. */
    public Severity worst() {
        Severity w = Severity.OK;
        for (Verdict v : verdicts) {
            w = Severity.worst(w, v.severity());
        }
        return w;
    }

    public Optional<Verdict> verdictFor(String candidate) {
        return verdicts.stream().filter(v -> v.candidate().equals(candidate)).findFirst();
    }

    /** {@code name,sympos} as the kernel's sysfs shows functions. */
    public String label() {
        return symbol + "," + Long.toUnsignedString(sympos);
    }
}
