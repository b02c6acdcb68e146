package dev.klpscope.check;

import dev.klpscope.livepatch.lint.KernelRules;

import java.util.List;
import java.util.Optional;

/**
 * The livepatch itself: identity, objects, how its function list was found, and findings about the file
 * itself (problems the kernel's loader or livepatch core would have with it), and whose loader the lint modelled.
 */
public record PatchInfo(String path, String name, String vermagic, String srcversion, String buildId,
                        List<String> objects, Optional<Boolean> replace, String functionListSource,
                        List<Finding> findings, KernelRules lintRules) {

    public PatchInfo {
        objects = List.copyOf(objects);
        findings = List.copyOf(findings);
    }

    public Severity worst() {
        return Severity.worstOf(findings);
    }
}
