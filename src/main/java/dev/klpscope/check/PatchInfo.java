package dev.klpscope.check;

import dev.klpscope.livepatch.KlpPatch;
import dev.klpscope.livepatch.lint.KernelRules;

import java.util.List;
import java.util.Optional;

/**
 * The livepatch itself: identity, objects, how its function list was found, and findings about the file
 * itself (problems the kernel's loader or livepatch core would have with it), and whose loader the lint modelled.
 *
 * @param klpPatch the whole {@code klp_patch}: objects with their callbacks, states, replace, shadow-variable ids
 */
public record PatchInfo(String path, String name, String vermagic, String srcversion, String buildId,
                        List<String> objects, KlpPatch klpPatch, String functionListSource,
                        List<Finding> findings, KernelRules lintRules) {

    public PatchInfo {
        objects = List.copyOf(objects);
        findings = List.copyOf(findings);
    }

    /** {@code klp_patch.replace} as initialised, when decoded. */
    public Optional<Boolean> replace() {
        return klpPatch.replace().initial();
    }

    public Severity worst() {
        return Finding.worstOf(findings);
    }
}
