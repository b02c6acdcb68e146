package dev.klpscope.report;

import dev.klpscope.check.Finding;
import dev.klpscope.check.Severity;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the loader stops on a candidate before it resolves a single symbol: the first of the candidate's own
 * refusals, which {@code check.CandidateChecks} lists in the loader's order (the signature, the ELF header, the size
 * of {@code struct module}, {@code module_layout}, vermagic, the livepatch tag). The kernel prints that refusal's line
 * and no other: a later one of these refusals, and every target's kernel line, is never printed on that candidate
 * (docs/checks.md, "The candidate as a whole").
 */
final class LoaderStops {

    /**
     * Candidate checks the loader runs before it resolves a single symbol (6.1 {@code load_module()}:
     * {@code module_sig_check()} on the raw file first, then the ELF header, {@code check_modstruct_version()},
     * {@code check_modinfo()}'s vermagic and livepatch tests; 6.12/7.3 {@code elf_validity_check()}'s size of
     * {@code struct module}, then {@code early_mod_check()}): refused by one of these, the patch never gets to
     * {@code simplify_symbols()} or {@code klp_enable_patch()}.
     */
    static final Set<String> REFUSED_BEFORE_SYMBOLS =
            Set.of("signature-trust", "machine-match", "module-layout", "this-module-size", "vermagic", "livepatch-support");

    private LoaderStops() {
    }

    /** The check of the candidate's first refusal before symbols, if it has one: where the loader stops. */
    static Optional<String> first(List<Finding> candidateFindings) {
        return firstFinding(candidateFindings).map(Finding::check);
    }

    /**
     * For one of a candidate's own findings: the check of an earlier refusal that stops the loader before it gets to
     * this one, whose kernel line is then never printed; empty when the kernel prints it (or it has none).
     */
    static Optional<String> hiddenBy(Finding f, List<Finding> candidateFindings) {
        if (f.kernelMessage().isEmpty() || !stops(f)) {
            return Optional.empty();
        }
        return firstFinding(candidateFindings).filter(first -> first != f).map(Finding::check);
    }

    /** What a report says in place of a kernel line that is never printed ({@code kernel} the line it would be). */
    static String unprinted(String stoppedAt, String kernel) {
        return "not printed: the loader refuses the patch at " + stoppedAt + " first (above); without that: " + kernel;
    }

    private static Optional<Finding> firstFinding(List<Finding> candidateFindings) {
        return candidateFindings.stream().filter(LoaderStops::stops).findFirst();
    }

    private static boolean stops(Finding f) {
        return f.severity().atLeast(Severity.REFUSED) && REFUSED_BEFORE_SYMBOLS.contains(f.check());
    }
}
