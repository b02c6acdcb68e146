package dev.klpscope.report;

import dev.klpscope.check.ToolVersion;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.KlpPatch;
import dev.klpscope.livepatch.KlpReference;
import dev.klpscope.livepatch.KlpSection;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.lint.PatchProblem;
import dev.klpscope.livepatch.PatchedFunction;
import dev.klpscope.livepatch.RelocationSite;
import dev.klpscope.livepatch.lint.KernelRules;
import dev.klpscope.module.KernelObject;

import java.util.List;
import java.util.Locale;

/**
 * The {@code show} listing: what a livepatch contains as the kernel's livepatch core sees it (objects, klp
 * sections, targets with their relocation sites, patched functions, definitions, imports, problems), in text
 * or JSON. Unlike {@code readelf}, names are parsed the kernel's way and sites are placed in their functions.
 */
public final class PatchListing {

    private PatchListing() {
    }

    public static String text(Livepatch lp) {
        return text(lp, Suppressions.NONE);
    }

    /** As above, a problem or legacy layout the gate leaves out ending in {@code [accepted]} or {@code [ignored]}. */
    public static String text(Livepatch lp, Suppressions suppressions) {
        List<String> marks = marks(lp, suppressions);
        StringBuilder out = new StringBuilder();
        KernelObject m = lp.module();
        line(out, "livepatch " + lp.name() + " (" + lp.path() + ")");
        line(out, "  vermagic: '" + m.vermagic().orElse("") + "'");
        m.srcversion().ifPresent(v -> line(out, "  srcversion: " + v));
        line(out, "  build id: " + m.buildId().orElse(""));
        line(out, "  objects: " + String.join(", ", lp.objects()));
        line(out, "  replace: " + lp.klpPatch().replace().describe());
        line(out, "  functions from: " + lp.functionListSource());
        line(out, "  lint: the loader of " + lp.lintRules().describe());

        KlpPatch k = lp.klpPatch();
        block(out, "klp objects (" + k.objects().size() + ")", k.objects().stream().map(KlpPatchText::object).toList());
        block(out, "states (" + k.states().size() + ")", k.states().stream().map(KlpPatchText::state).toList());
        block(out, "shadow variables (" + k.shadowUses().size() + " calls)",
                k.shadowUses().stream().map(KlpPatchText::shadow).toList());

        line(out, "");
        line(out, "klp relocation sections (" + lp.klpSections().size() + ")");
        for (KlpSection s : lp.klpSections()) {
            line(out, String.format(Locale.ROOT, "  %-40s object %-12s -> %-20s flags %-5s %d relocations", s.name(),
                    s.object(), s.targetSection().isEmpty() ? "(bad sh_info)" : s.targetSection(), flags(lp, s),
                    s.relocationCount()));
        }

        line(out, "");
        line(out, "targets (" + lp.references().size() + ")");
        for (KlpReference r : lp.references()) {
            line(out, "  " + r.object() + ":" + r.name() + "," + Long.toUnsignedString(r.sympos()) + " ["
                    + r.expectedKind().name().toLowerCase(Locale.ROOT) + "] " + r.symbol().name());
            for (RelocationSite s : r.sites()) {
                line(out, "      " + site(s));
            }
        }

        line(out, "");
        line(out, "patched functions (" + lp.patched().size() + ")");
        for (PatchedFunction f : lp.patched()) {
            line(out, "  " + f.object() + ":" + f.oldName() + "," + Long.toUnsignedString(f.oldSympos()) + " -> "
                    + f.newFunction() + (f.oldSize().isPresent() ? " (old size " + f.oldSize().getAsLong() + ")" : "")
                    + " from " + f.source());
        }

        line(out, "");
        line(out, "defined by the patch (" + lp.defined().size() + ")");
        for (Symbol s : lp.defined()) {
            line(out, String.format(Locale.ROOT, "  %-7s %-6s %-30s %6d bytes in %s", s.typeName(), s.bindingName(),
                    s.name(), s.size(), sectionName(m, s)));
        }

        line(out, "");
        line(out, "imports (" + lp.imports().size() + ")");
        for (Livepatch.Import i : lp.imports()) {
            line(out, "  " + i.name() + " (" + i.sites().size() + " sites)");
        }

        line(out, "");
        line(out, "problems (" + lp.problems().size() + ")");
        for (int i = 0; i < lp.problems().size(); i++) {
            PatchProblem p = lp.problems().get(i);
            line(out, "  " + p.level().name().toLowerCase(Locale.ROOT) + " " + p.code() + ": " + p.message() + marks.get(i));
            if (!p.kernelMessage().isEmpty()) {
                line(out, "      kernel: \"" + p.kernelMessage() + "\"");
            }
        }
        if (!lp.legacyLayouts().isEmpty()) {
            line(out, "");
            line(out, "legacy layouts (" + lp.legacyLayouts().size() + ")");
            for (int i = 0; i < lp.legacyLayouts().size(); i++) {
                line(out, "  " + lp.legacyLayouts().get(i) + marks.get(lp.problems().size() + i));
            }
        }
        return out.toString();
    }

    public static String json(Livepatch lp) {
        return json(lp, Suppressions.NONE);
    }

    /**
     * As above, ending in the patch file's findings with their ids and suppression marks ({@code findings[]}, as
     * {@code check}'s JSON report has them) and the suppression rules that matched none ({@code unusedSuppressions}).
     */
    public static String json(Livepatch lp, Suppressions suppressions) {
        KernelObject m = lp.module();
        JsonWriter w = new JsonWriter().beginObject();
        w.name("tool").beginObject().field("name", ToolVersion.NAME).field("version", ToolVersion.version()).endObject();
        w.field("path", lp.path()).field("name", lp.name())
                .field("vermagic", m.vermagic().orElse(""))
                .field("srcversion", m.srcversion().orElse(""))
                .field("buildId", m.buildId().orElse(""));
        w.name("objects").beginArray();
        lp.objects().forEach(w::value);
        w.endArray();
        w.name("replace");
        lp.replace().ifPresentOrElse(w::value, w::nullValue);
        KlpPatchJson.write(w, lp.klpPatch());
        KernelRules rules = lp.lintRules();
        w.name("lint").beginObject().field("kernel", rules.modelled().toString()).field("rules", rules.describe()).endObject();
        w.field("functionListSource", lp.functionListSource());

        w.name("klpSections").beginArray();
        for (KlpSection s : lp.klpSections()) {
            w.beginObject().field("name", s.name()).field("object", s.object()).field("targetSection", s.targetSection())
                    .field("displayedSection", s.displayedSection()).field("flags", flags(lp, s))
                    .field("livepatchFlag", s.livepatchFlag()).field("relocations", s.relocationCount()).endObject();
        }
        w.endArray();

        w.name("targets").beginArray();
        for (KlpReference r : lp.references()) {
            w.beginObject().field("object", r.object()).field("symbol", r.name()).name("sympos").unsigned(r.sympos())
                    .field("expectedKind", r.expectedKind().name().toLowerCase(Locale.ROOT))
                    .field("klpSymbol", r.symbol().name()).field("symbolType", r.symbol().typeName());
            sites(w, r.sites());
            w.endObject();
        }
        w.endArray();

        w.name("patchedFunctions").beginArray();
        for (PatchedFunction f : lp.patched()) {
            w.beginObject().field("object", f.object()).field("oldName", f.oldName())
                    .name("oldSympos").unsigned(f.oldSympos()).field("newFunction", f.newFunction());
            w.name("oldSize").value(f.oldSize());
            w.field("source", f.source()).endObject();
        }
        w.endArray();

        w.name("defined").beginArray();
        for (Symbol s : lp.defined()) {
            w.beginObject().field("name", s.name()).field("type", s.typeName()).field("binding", s.bindingName())
                    .field("size", s.size()).field("section", sectionName(m, s)).endObject();
        }
        w.endArray();

        w.name("imports").beginArray();
        for (Livepatch.Import i : lp.imports()) {
            w.beginObject().field("name", i.name());
            sites(w, i.sites());
            w.endObject();
        }
        w.endArray();

        w.name("problems").beginArray();
        for (PatchProblem p : lp.problems()) {
            w.beginObject().field("code", p.code()).field("level", p.level().name().toLowerCase(Locale.ROOT))
                    .field("message", p.message()).field("kernelMessage", p.kernelMessage()).endObject();
        }
        w.endArray();
        w.name("legacyLayouts").beginArray();
        lp.legacyLayouts().forEach(w::value);
        w.endArray();
        FlatFindingsJson.write(w, Suppressions.patchFile(lp), suppressions, t -> "");
        FlatFindingsJson.unused(w, suppressions.unused(lp));
        return w.endObject().toString();
    }

    /**
     * {@code " [accepted]"}, {@code " [ignored]"} or {@code ""} for each of the patch file's findings: its problems,
     * then its legacy layouts, the order in which {@code check} makes them findings.
     */
    private static List<String> marks(Livepatch lp, Suppressions suppressions) {
        List<IdentifiedFinding> findings = Suppressions.patchFile(lp);
        if (findings.size() != lp.problems().size() + lp.legacyLayouts().size()) {
            throw new IllegalStateException("the patch file's findings are its problems and legacy layouts, one each");
        }
        return findings.stream().map(f -> suppressions.of(f).map(m -> " [" + m + "]").orElse(""))
                .toList();
    }

    private static void sites(JsonWriter w, List<RelocationSite> sites) {
        w.name("sites").beginArray();
        for (RelocationSite s : sites) {
            w.beginObject().field("section", s.section()).name("offset").unsigned(s.offset()).field("type", s.typeName())
                    .field("addend", s.addend()).field("function", s.function())
                    .field("relocationSection", s.relocationSection()).endObject();
        }
        w.endArray();
    }

    private static String site(RelocationSite s) {
        return s.section() + "+0x" + Long.toHexString(s.offset()) + " " + s.typeName()
                + (s.addend() == 0 ? "" : " addend " + s.addend())
                + (s.function().isEmpty() ? "" : " in " + s.function());
    }

    /** readelf's flag letters, e.g. {@code AIo}; read from the section header itself. */
    private static String flags(Livepatch lp, KlpSection s) {
        List<Section> sections = lp.module().sections();
        return s.index() >= 0 && s.index() < sections.size() ? sections.get(s.index()).flagLetters() : "";
    }

    private static String sectionName(KernelObject m, Symbol s) {
        return m.sectionOf(s).map(Section::name).orElse(s.sectionIndexName());
    }

    /** A blank line, a heading and its items indented. */
    private static void block(StringBuilder out, String heading, List<String> items) {
        line(out, "");
        line(out, heading);
        items.forEach(i -> line(out, "  " + i));
    }

    private static void line(StringBuilder out, String s) {
        out.append(ControlChars.escape(s)).append('\n');
    }
}
