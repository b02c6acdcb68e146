package dev.klpscope.ui.model;

import dev.klpscope.module.KernelObject;

import java.util.Set;

/** A candidate as the inputs list shows it. */
public record CandidateRow(String path, String label, String object, String vermagic, String srcversion, String buildId,
                           boolean baseline, String baselineReason) {

    static CandidateRow of(KernelObject k, String label, Set<String> chosen) {
        return new CandidateRow(k.path(), label, k.name(), k.vermagic().orElse(""), k.srcversion().orElse(""),
                k.buildId().orElse(""), chosen.contains(k.path()), chosen.contains(k.path()) ? "chosen" : "");
    }

    CandidateRow withBaseline(boolean isBaseline, String reason) {
        return new CandidateRow(path, label, object, vermagic, srcversion, buildId, isBaseline, reason);
    }
}
