package dev.klpscope.livepatch;

import java.util.List;

/**
 * The patch's {@code struct klp_patch} as far as the file tells: every {@code klp_object} (with or without
 * functions), the {@code states} list, {@code replace} and the shadow-variable ids its code uses.
 *
 * @param objects      every decoded {@code klp_object}, in array order
 * @param states       {@code klp_patch.states} up to the zero-id terminator
 * @param replace      {@code klp_patch.replace} and the code that may override it
 * @param shadowUses   every call to the shadow-variable API, in file order
 */
public record KlpPatch(List<PatchObject> objects, List<PatchState> states, ReplaceSetting replace, List<ShadowUse> shadowUses) {

    public static final KlpPatch NONE = new KlpPatch(List.of(), List.of(), ReplaceSetting.UNKNOWN, List.of());

    public KlpPatch {
        objects = List.copyOf(objects);
        states = List.copyOf(states);
        shadowUses = List.copyOf(shadowUses);
    }

    KlpPatch withReplace(ReplaceSetting setting) {
        return new KlpPatch(objects, states, setting, shadowUses);
    }

    KlpPatch withShadowUses(List<ShadowUse> uses) {
        return new KlpPatch(objects, states, replace, uses);
    }
}
