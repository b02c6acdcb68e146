package dev.klpscope.report;

import dev.klpscope.check.TypeComparison;
import dev.klpscope.module.types.LayoutChange;
import dev.klpscope.module.types.TypeLayout;

import java.util.Optional;

/**
 * A finding's {@link TypeComparison} in the JSON report: {@code "typeLayout"} for {@code var-layout} (both layouts
 * member by member and the changes), {@code "prototype"} for {@code func-prototype} (docs/json-format.md).
 */
final class TypeComparisonJson {

    private TypeComparisonJson() {
    }

    static void write(JsonWriter w, TypeComparison comparison) {
        if (comparison instanceof TypeComparison.LayoutPair l) {
            w.name("typeLayout").beginObject().field("reference", l.reference());
            layout(w, "referenceLayout", l.before());
            layout(w, "candidateLayout", l.after());
            w.name("changes").beginArray();
            for (LayoutChange c : l.changes()) {
                w.beginObject().field("kind", kind(c));
                w.name("member");
                member(c).ifPresentOrElse(w::value, w::nullValue);
                w.field("text", c.describe());
                if (c instanceof LayoutChange.EnumChanged e) {
                    w.field("enum", e.enumValues().type());
                    w.name("constants").beginArray();
                    for (LayoutChange.ConstantChange k : e.constants()) {
                        w.beginObject().field("name", k.name());
                        w.name("from");
                        k.from().ifPresentOrElse(w::value, w::nullValue);
                        w.name("to");
                        k.to().ifPresentOrElse(w::value, w::nullValue);
                        w.endObject();
                    }
                    w.endArray();
                }
                w.endObject();
            }
            w.endArray().endObject();
        } else if (comparison instanceof TypeComparison.PrototypePair p) {
            w.name("prototype").beginObject()
                    .field("reference", p.reference())
                    .field("referencePrototype", p.before())
                    .field("candidatePrototype", p.after())
                    .endObject();
        }
    }

    private static void layout(JsonWriter w, String name, TypeLayout layout) {
        w.name(name).beginObject()
                .field("type", layout.type())
                .field("size", layout.size())
                .field("truncated", layout.truncated());
        w.name("members").beginArray();
        for (TypeLayout.Member m : layout.members()) {
            w.beginObject()
                    .field("path", m.path())
                    .field("bitOffset", m.bitOffset())
                    .field("bitfieldSize", m.bitfieldSize())
                    .field("size", m.size())
                    .field("type", m.type())
                    .endObject();
        }
        w.endArray();
        w.name("enums").beginArray();
        for (TypeLayout.EnumValues e : layout.enums()) {
            w.beginObject().field("type", e.type()).field("member", e.member()).field("truncated", e.truncated());
            w.name("constants").beginArray();
            for (TypeLayout.Constant k : e.constants()) {
                w.beginObject().field("name", k.name()).field("value", k.value()).endObject();
            }
            w.endArray().endObject();
        }
        w.endArray().endObject();
    }

    /** The change's kind, one word each (the schema's enum). */
    static String kind(LayoutChange c) {
        if (c instanceof LayoutChange.TypeRenamed) {
            return "type-renamed";
        } else if (c instanceof LayoutChange.SizeChanged) {
            return "size-changed";
        } else if (c instanceof LayoutChange.Added) {
            return "added";
        } else if (c instanceof LayoutChange.Removed) {
            return "removed";
        } else if (c instanceof LayoutChange.EnumChanged) {
            return "enum-values";
        }
        return c instanceof LayoutChange.Moved ? "moved" : "retyped";
    }

    /** The member's path a change is about; none for the type's own name and size. */
    static Optional<String> member(LayoutChange c) {
        if (c instanceof LayoutChange.Added a) {
            return Optional.of(a.member().path());
        } else if (c instanceof LayoutChange.Removed r) {
            return Optional.of(r.member().path());
        } else if (c instanceof LayoutChange.Moved m) {
            return Optional.of(m.to().path());
        } else if (c instanceof LayoutChange.Retyped r) {
            return Optional.of(r.to().path());
        } else if (c instanceof LayoutChange.EnumChanged e && !e.enumValues().member().isEmpty()) {
            return Optional.of(e.enumValues().member());
        }
        return Optional.empty();
    }
}
