package dev.klpscope.report;

import dev.klpscope.livepatch.KlpPatch;
import dev.klpscope.livepatch.PatchObject;
import dev.klpscope.livepatch.PatchState;
import dev.klpscope.livepatch.ShadowUse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One line per part of the whole {@code klp_patch} (object, state, shadow-variable call), shared by every report. */
public final class KlpPatchText {

    private KlpPatchText() {
    }

    /**
     * The report's lines for the whole patch: replace, each object, each state, the shadow-variable ids (each with
     * the calls that use it). Empty parts are left out.
     */
    public static List<String> summary(KlpPatch k) {
        List<String> out = new ArrayList<>();
        out.add("replace: " + k.replace().describe());
        k.objects().forEach(o -> out.add("klp_object " + object(o)));
        k.states().forEach(s -> out.add("state " + state(s)));
        if (!k.shadowUses().isEmpty()) {
            Map<String, Set<String>> byId = new LinkedHashMap<>();
            for (ShadowUse u : k.shadowUses()) {
                byId.computeIfAbsent(u.idText(), x -> new LinkedHashSet<>()).add(u.call());
            }
            List<String> parts = new ArrayList<>();
            byId.forEach((id, calls) -> parts.add(id + " (" + String.join(", ", calls) + ")"));
            out.add("shadow variable ids: " + String.join("; ", parts));
        }
        return out;
    }

    /** {@code vmlinux: 0 functions, callbacks pre_patch=f, post_patch=g}. */
    public static String object(PatchObject o) {
        return o.name() + ": " + o.functionCount() + (o.functionCount() == 1 ? " function" : " functions")
                + (o.callbacks().any() ? ", callbacks " + String.join(", ", o.callbacks().described()) : ", no callbacks");
    }

    /** {@code id 1 (0x1), version 2}. */
    public static String state(PatchState s) {
        return "id " + Long.toUnsignedString(s.id()) + " (0x" + Long.toHexString(s.id()) + "), version "
                + Long.toUnsignedString(s.version());
    }

    /** {@code klp_shadow_get id 0x1234 in fn (.text+0x4b8)}. */
    public static String shadow(ShadowUse u) {
        return u.call() + " " + (u.id().isPresent() ? "id " + u.idText() : u.idText())
                + (u.function().isEmpty() ? "" : " in " + u.function()) + " (" + u.section() + "+0x"
                + Long.toHexString(u.offset()) + ")";
    }
}
