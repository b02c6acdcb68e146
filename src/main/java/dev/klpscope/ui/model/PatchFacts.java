package dev.klpscope.ui.model;

import dev.klpscope.check.PatchInfo;
import dev.klpscope.livepatch.PatchObject;
import dev.klpscope.report.KlpPatchText;

import java.util.List;
import java.util.Optional;

/**
 * What the window's patch card and object rows say about the whole {@code klp_patch} (replace and who may
 * override it, objects with their callbacks, states, shadow-variable ids): the same lines as the reports.
 */
public final class PatchFacts {

    private PatchFacts() {
    }

    /** The patch card's lines, after its path. */
    public static List<String> lines(PatchInfo patch) {
        return KlpPatchText.summary(patch.klpPatch());
    }

    /** The line of one object (functions and callbacks), when the patch has a klp_object of that name. */
    public static Optional<String> object(PatchInfo patch, String object) {
        return patch.klpPatch().objects().stream().filter(o -> o.name().equals(object)).findFirst()
                .map(PatchFacts::objectLine);
    }

    private static String objectLine(PatchObject o) {
        return "klp_object " + KlpPatchText.object(o);
    }
}
