package dev.klpscope.report;

import dev.klpscope.check.Finding;
import dev.klpscope.check.LoadOrder;
import dev.klpscope.check.Target;

import java.util.List;
import java.util.function.Function;

/**
 * The flat {@code findings[]} with stable ids and the unused suppression rules, as JSON: written alike by the
 * {@code check} report ({@link JsonReport}) and the {@code show} listing ({@link PatchListing}), so that an id found
 * in either can go into an {@code --accept} file (docs/json-format.md).
 */
final class FlatFindingsJson {

    private FlatFindingsJson() {
    }

    /** {@code findings[]}: each finding with its id and its suppression mark; {@code targetId} names a target's anchor. */
    static void write(JsonWriter w, List<IdentifiedFinding> findings, Suppressions suppressions,
                      Function<Target, String> targetId) {
        w.name("findings").beginArray();
        for (IdentifiedFinding i : findings) {
            Finding f = i.finding();
            w.beginObject()
                    .field("id", i.id())
                    .field("check", f.check())
                    .field("severity", f.severity().word())
                    .field("object", i.object());
            w.name("target");
            i.target().ifPresentOrElse(t -> w.beginObject().field("id", targetId.apply(t)).field("symbol", t.symbol())
                    .name("sympos").unsigned(t.sympos()).endObject(), w::nullValue);
            nullable(w, "candidate", i.candidate().orElse(null));
            w.field("message", f.message());
            nullable(w, "kernelMessage", f.kernelMessage().orElse(null));
            nullable(w, "loadOrder", f.order() == LoadOrder.ANY ? null : loadOrder(f));
            nullable(w, "suppressed", suppressions.of(i).orElse(null));
            w.endObject();
        }
        w.endArray();
    }

    /** {@code unusedSuppressions}: the {@code --accept} ids and {@code --ignore} rules that matched no finding. */
    static void unused(JsonWriter w, List<Suppressions.Rule> unused) {
        w.name("unusedSuppressions").beginArray();
        for (Suppressions.Rule r : unused) {
            w.beginObject().field("option", r instanceof Suppressions.Accepted ? "accept" : "ignore")
                    .field("rule", r.rule());
            if (r instanceof Suppressions.Accepted a) {
                w.field("file", a.file()).field("line", a.line());
            } else {
                w.name("file").nullValue().name("line").nullValue();
            }
            w.endObject();
        }
        w.endArray();
    }

    static String loadOrder(Finding f) {
        return f.order() == LoadOrder.TARGET_FIRST ? "target-first" : "patch-first";
    }

    private static void nullable(JsonWriter w, String name, String value) {
        w.name(name);
        if (value == null) {
            w.nullValue();
        } else {
            w.value(value);
        }
    }
}
