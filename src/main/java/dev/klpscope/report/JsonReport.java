package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.CandidateSymbol;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.LoadOrder;
import dev.klpscope.check.PatchInfo;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Site;
import dev.klpscope.check.Summary;
import dev.klpscope.check.Target;
import dev.klpscope.check.ToolVersion;
import dev.klpscope.check.Verdict;

import java.util.List;
import java.util.Optional;

/**
 * The JSON report for CI ({@code docs/json-format.md}). Fields are written in a fixed order and lists in the
 * inspection's own order (not worst first), so that two runs diff line by line.
 */
final class JsonReport {

    /** Bumped when a field is removed, renamed or changes meaning or type (docs/json-format.md); not for additions. */
    static final String FORMAT_VERSION = "2";

    private final JsonWriter w = new JsonWriter();
    private final Anchors anchors;

    private JsonReport(Inspection inspection) {
        this.anchors = Anchors.of(inspection);
    }

    static String render(Inspection inspection, Optional<GateOutcome> gate) {
        return render(inspection, gate, Suppressions.NONE);
    }

    /** {@code suppressions}: the findings to mark {@code accepted} or {@code ignored}. */
    static String render(Inspection inspection, Optional<GateOutcome> gate, Suppressions suppressions) {
        JsonReport r = new JsonReport(inspection);
        r.write(inspection, gate, suppressions);
        return r.w.toString();
    }

    private void write(Inspection in, Optional<GateOutcome> gate, Suppressions suppressions) {
        w.beginObject();
        w.field("formatVersion", FORMAT_VERSION);
        w.name("tool").beginObject().field("name", ToolVersion.NAME).field("version", in.toolVersion()).endObject();
        patch(in.patch());
        w.name("candidates").beginArray();
        for (CandidateInfo c : in.candidates()) {
            candidate(in, c);
        }
        w.endArray();
        w.name("targets").beginArray();
        for (Target t : in.targets()) {
            target(t);
        }
        w.endArray();
        BuildMatrixReport.json(in, suppressions, w, anchors);
        flatFindings(in, suppressions);
        summary(in, gate, suppressions.unused(in));
        w.endObject();
    }

    private void patch(PatchInfo p) {
        w.name("patch").beginObject()
                .field("path", p.path())
                .field("name", p.name())
                .field("vermagic", p.vermagic())
                .field("srcversion", p.srcversion())
                .field("buildId", p.buildId());
        strings("objects", p.objects());
        w.name("replace");
        p.replace().ifPresentOrElse(w::value, w::nullValue);
        KlpPatchJson.write(w, p.klpPatch());
        w.field("functionListSource", p.functionListSource());
        w.name("lint").beginObject()
                .field("kernel", p.lintRules().modelled().toString())
                .field("rules", p.lintRules().describe())
                .endObject();
        w.field("worst", p.worst().word());
        findings(p.findings());
        w.endObject();
    }

    private void candidate(Inspection in, CandidateInfo c) {
        w.beginObject()
                .field("id", anchors.candidate(c))
                .field("path", c.path())
                .field("object", c.object())
                .field("kind", c.kind())
                .field("release", c.release());
        kernelBuild(c);
        w
                .field("vermagic", c.vermagic())
                .field("srcversion", c.srcversion())
                .field("buildId", c.buildId())
                .field("signed", c.signed())
                .field("compression", c.compression())
                .field("baseline", c.baseline())
                .field("baselineReason", c.baselineReason())
                .field("baselineAmbiguous", c.baselineAmbiguous())
                .field("worst", Ordering.candidateWorst(in, c).word());
        notJudged(c);
        types(c);
        findings(c.findings());
        w.endObject();
    }

    /** The checks a System.map candidate could not make (check ids), empty for an ELF file; its symbol source. */
    private void notJudged(CandidateInfo c) {
        w.field("symbolSource", c.symbolsOnly().isPresent() ? "system-map" : "elf");
        w.name("notJudged").beginArray();
        c.symbolsOnly().ifPresent(s -> s.checks().forEach(w::value));
        w.endArray();
    }

    /** Where its types come from ({@code TypeSourceInfo}); null when not told. */
    private void types(CandidateInfo c) {
        w.name("types");
        c.types().ifPresentOrElse(t -> w.beginObject()
                .field("btf", t.btf().word())
                .field("btfBase", t.btfBase())
                .field("dwarf", t.dwarf().word())
                .field("debugFile", t.debugFile())
                .field("described", t.described())
                .endObject(), w::nullValue);
    }

    /** The build its release names (flavour split off) and the package it came from; null without a release. */
    private void kernelBuild(CandidateInfo c) {
        w.name("kernelBuild");
        c.kernelBuild().ifPresentOrElse(b -> {
            w.beginObject().field("release", b.release()).field("build", b.build()).field("flavour", b.flavour());
            w.name("package");
            if (c.origin().isEmpty()) {
                w.nullValue();
            } else {
                w.value(c.origin());
            }
            w.endObject();
        }, w::nullValue);
    }

    private void target(Target t) {
        w.beginObject()
                .field("id", anchors.target(t))
                .field("object", t.object())
                .field("symbol", t.symbol())
                .name("sympos").unsigned(t.sympos())
                .field("kind", t.kind().word())
                .field("role", t.role().word())
                .field("worst", t.worst().word());
        w.name("sites").beginArray();
        for (Site s : t.sites()) {
            w.beginObject()
                    .field("section", s.section())
                    .name("offset").unsigned(s.offset())
                    .field("type", s.type())
                    .field("addend", s.addend())
                    .field("function", s.function())
                    .field("relocationSection", s.relocationSection())
                    .endObject();
        }
        w.endArray();
        w.name("verdicts").beginArray();
        for (Verdict v : t.verdicts()) {
            verdict(v);
        }
        w.endArray();
        w.endObject();
    }

    private void verdict(Verdict v) {
        w.beginObject()
                .field("candidate", v.candidate())
                .field("severity", v.severity().word());
        findings(v.findings());
        w.name("symbols").beginArray();
        for (CandidateSymbol s : v.symbols()) {
            w.beginObject()
                    .field("position", s.position())
                    .field("comingPosition", s.comingPosition())
                    .field("type", s.type())
                    .field("binding", s.binding())
                    .name("size").value(s.sizeKnown() ? java.util.OptionalLong.of(s.size()) : java.util.OptionalLong.empty())
                    .field("section", s.section())
                    .field("bound", s.bound())
                    .endObject();
        }
        w.endArray();
        w.endObject();
    }

    private void findings(List<Finding> findings) {
        w.name("findings").beginArray();
        for (Finding f : findings) {
            w.beginObject()
                    .field("check", f.check())
                    .field("severity", f.severity().word())
                    .field("message", f.message());
            f.kernelMessage().ifPresent(k -> w.field("kernelMessage", k));
            if (f.order() != LoadOrder.ANY) {
                w.field("loadOrder", FlatFindingsJson.loadOrder(f));
            }
            w.field("why", f.why());
            f.codeDifference().ifPresent(this::codeDifference);
            f.typeComparison().ifPresent(c -> TypeComparisonJson.write(w, c));
            w.endObject();
        }
        w.endArray();
    }

    /**
     * Every finding once, flat, with a stable id: the patch's, each candidate's as a whole, then each target's per
     * candidate, in the report's own order.
     */
    private void flatFindings(Inspection in, Suppressions suppressions) {
        FlatFindingsJson.write(w, IdentifiedFinding.of(in), suppressions, anchors::target);
    }

    /** Where code first differs: this candidate's side and the baseline's (docs/json-format.md). */
    private void codeDifference(dev.klpscope.check.CodeDifference d) {
        w.name("codeDifference").beginObject()
                .field("offset", d.offsetB())
                .field("instruction", d.instructionB())
                .field("reference", d.referenceB())
                .field("size", d.sizeB())
                .field("baselineOffset", d.offsetA())
                .field("baselineInstruction", d.instructionA())
                .field("baselineReference", d.referenceA())
                .field("baselineSize", d.sizeA())
                .endObject();
    }

    private void summary(Inspection in, Optional<GateOutcome> gate, List<Suppressions.Rule> unused) {
        Summary s = in.summary();
        w.name("summary").beginObject()
                .field("targets", s.targets())
                .field("functions", s.functions())
                .field("variables", s.variables())
                .field("unknown", s.unknown())
                .field("breakingTargets", s.breakingTargets())
                .field("uncheckedTargets", s.uncheckedTargets())
                .field("breakingPatchFindings", s.breakingPatchFindings())
                .field("worst", Ordering.overallWorst(in).word());
        gate.ifPresent(g -> w.field("failOn", g.failOn()).field("failed", g.failed()));
        FlatFindingsJson.unused(w, unused);
        w.name("findings").beginObject();
        for (Severity sev : Severity.values()) {
            w.field(sev.word(), s.count(sev));
        }
        w.endObject();
        w.endObject();
    }

    private void strings(String name, List<String> values) {
        w.name(name).beginArray();
        values.forEach(w::value);
        w.endArray();
    }
}
