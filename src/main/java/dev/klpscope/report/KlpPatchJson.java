package dev.klpscope.report;

import dev.klpscope.livepatch.KlpPatch;
import dev.klpscope.livepatch.PatchObject;
import dev.klpscope.livepatch.PatchState;
import dev.klpscope.livepatch.ReplaceStore;
import dev.klpscope.livepatch.ShadowUse;

import java.util.Optional;

/**
 * The whole {@code klp_patch} in JSON, one shape for {@code show --json} and the check report (docs/json-format.md,
 * "klpObjects", "states", "replaceStores", "shadowVariables").
 */
final class KlpPatchJson {

    private KlpPatchJson() {
    }

    static void write(JsonWriter w, KlpPatch k) {
        w.name("klpObjects").beginArray();
        for (PatchObject o : k.objects()) {
            w.beginObject().field("name", o.name()).field("functions", o.functionCount());
            w.name("callbacks").beginObject();
            callback(w, "prePatch", o.callbacks().prePatch());
            callback(w, "postPatch", o.callbacks().postPatch());
            callback(w, "preUnpatch", o.callbacks().preUnpatch());
            callback(w, "postUnpatch", o.callbacks().postUnpatch());
            w.endObject().endObject();
        }
        w.endArray();
        w.name("states").beginArray();
        for (PatchState s : k.states()) {
            w.beginObject().name("id").unsigned(s.id()).name("version").unsigned(s.version()).endObject();
        }
        w.endArray();
        w.name("replaceStores").beginArray();
        for (ReplaceStore r : k.replace().stores()) {
            w.beginObject().field("function", r.function()).field("section", r.section()).name("offset").unsigned(r.offset());
            w.name("constant").value(r.constant());
            w.field("readFrom", r.readFrom()).field("moduleParameter", r.moduleParameter()).endObject();
        }
        w.endArray();
        w.name("shadowVariables").beginArray();
        for (ShadowUse u : k.shadowUses()) {
            w.beginObject().field("call", u.call()).field("function", u.function()).field("section", u.section())
                    .name("offset").unsigned(u.offset());
            w.name("id");
            if (u.id().isPresent()) {
                w.unsigned(u.id().getAsLong());
            } else {
                w.nullValue();
            }
            w.field("why", u.why()).endObject();
        }
        w.endArray();
    }

    private static void callback(JsonWriter w, String name, Optional<String> function) {
        w.name(name);
        function.ifPresentOrElse(w::value, w::nullValue);
    }
}
