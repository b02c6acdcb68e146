package dev.klpscope.livepatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code klp_object}'s {@code struct klp_callbacks}: the functions the livepatch core calls before and after
 * patching and unpatching that object (kernel/livepatch/core.c, {@code klp_pre_patch_callback} …). Each is the name
 * of the function the pointer holds; {@code "?"} when set but not resolvable to a function symbol.
 */
public record Callbacks(Optional<String> prePatch, Optional<String> postPatch, Optional<String> preUnpatch,
                        Optional<String> postUnpatch) {

    public static final Callbacks NONE = new Callbacks(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** The set callbacks as {@code kind=function}, in the kernel's order. */
    public List<String> described() {
        List<String> out = new ArrayList<>();
        prePatch.ifPresent(f -> out.add("pre_patch=" + f));
        postPatch.ifPresent(f -> out.add("post_patch=" + f));
        preUnpatch.ifPresent(f -> out.add("pre_unpatch=" + f));
        postUnpatch.ifPresent(f -> out.add("post_unpatch=" + f));
        return out;
    }

    public boolean any() {
        return prePatch.isPresent() || postPatch.isPresent() || preUnpatch.isPresent() || postUnpatch.isPresent();
    }
}
