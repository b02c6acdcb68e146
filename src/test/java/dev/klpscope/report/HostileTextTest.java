package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.PatchInfo;
import dev.klpscope.check.Role;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Site;
import dev.klpscope.check.Summary;
import dev.klpscope.check.Target;
import dev.klpscope.check.TargetKind;
import dev.klpscope.check.Verdict;
import dev.klpscope.livepatch.Callbacks;
import dev.klpscope.livepatch.KlpPatch;
import dev.klpscope.livepatch.PatchObject;
import dev.klpscope.livepatch.PatchState;
import dev.klpscope.livepatch.ReplaceSetting;
import dev.klpscope.livepatch.ReplaceStore;
import dev.klpscope.livepatch.ShadowUse;
import dev.klpscope.livepatch.lint.KernelRules;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names and messages come from the input files, so a hostile module can put markup, quotes, control characters
 * and line separators into them: every format must carry them as text.
 */
class HostileTextTest {

    static final String NASTY = "a\"b\\c</td><script>alert(1)</script>|x\n\ty\u0001z\u2028w`*_[l](u)é\uD83D\uDE00";

    static Inspection inspection() {
        Finding patchProblem = new Finding.PatchFileProblem("klp-sym-format", Severity.REFUSED, "bad name " + NASTY,
                Optional.of("livepatch: " + NASTY), "why " + NASTY);
        PatchInfo patch = new PatchInfo("p/" + NASTY + ".ko", "lp", "6.1 " + NASTY, "", "", List.of("foo", NASTY),
                klpPatch(), "klp_patch structures", List.of(patchProblem),
                KernelRules.of(Optional.empty()));
        CandidateInfo cand = new CandidateInfo("c/" + NASTY + ".ko", "foo", "module", "6.1", "", "", false, "", true,
                "given with --baseline", List.of());
        Finding silent = new Finding.KindChanged(NASTY, "function", "variable", "symbol type", "", Optional.empty());
        Target t = new Target("foo", NASTY, 0, TargetKind.FUNCTION, Role.REFERENCE,
                List.of(new Site(".text", 0x10, "R_X86_64_PLT32", -4, NASTY, ".klp.rela.foo..text")),
                List.of(Verdict.of(cand.path(), List.of(silent), List.of())));
        Summary summary = new Summary(1, 1, 0, 0, 1, 0, 0, Map.of(Severity.REFUSED, 1, Severity.SILENT, 1), Severity.REFUSED);
        return new Inspection("test", patch, List.of(cand), List.of(t), summary);
    }

    /** Names out of the file in every part of the klp_patch: object, callback, replace's source, shadow caller. */
    private static KlpPatch klpPatch() {
        Callbacks callbacks = new Callbacks(Optional.of(NASTY), Optional.empty(), Optional.empty(), Optional.empty());
        return new KlpPatch(List.of(new PatchObject(NASTY, 0, callbacks)), List.of(new PatchState(1, 2)),
                new ReplaceSetting(Optional.of(false), List.of(new ReplaceStore(NASTY, ".text", 0x24, OptionalLong.empty(), NASTY,
                        true))),
                List.of(new ShadowUse("klp_shadow_get", NASTY, ".text", 0x40, OptionalLong.of(0x1234), "")));
    }

    @Test
    void jsonRoundTripsEveryString() {
        Map<String, Object> root = MiniJson.object(MiniJson.parse(Reports.render(inspection(), ReportFormat.JSON)));
        JsonShape.requireInspectionShape(root);
        Map<String, Object> target = MiniJson.object(MiniJson.array(root.get("targets")).get(0));
        assertEquals(NASTY, target.get("symbol"));
        Map<String, Object> site = MiniJson.object(MiniJson.array(target.get("sites")).get(0));
        assertEquals(NASTY, site.get("function"));
        assertEquals(-4L, site.get("addend"));
        Map<String, Object> patch = MiniJson.object(root.get("patch"));
        assertEquals("livepatch: " + NASTY,
                MiniJson.object(MiniJson.array(patch.get("findings")).get(0)).get("kernelMessage"));
        assertEquals("p/" + NASTY + ".ko", patch.get("path"));
        Map<String, Object> object = MiniJson.object(MiniJson.array(patch.get("klpObjects")).get(0));
        assertEquals(NASTY, object.get("name"));
        assertEquals(NASTY, MiniJson.object(object.get("callbacks")).get("prePatch"));
        assertEquals(NASTY, MiniJson.object(MiniJson.array(patch.get("replaceStores")).get(0)).get("readFrom"));
        assertEquals(NASTY, MiniJson.object(MiniJson.array(patch.get("shadowVariables")).get(0)).get("function"));
    }

    @Test
    void jsonHasNoRawControlOrSeparatorCharacters() {
        String json = Reports.render(inspection(), ReportFormat.JSON);
        assertFalse(json.contains("\u2028"), "U+2028 breaks JavaScript embedding");
        assertFalse(json.contains("\u0001"));
        assertFalse(json.contains("\t"), "tabs inside strings must be escaped");
    }

    @Test
    void htmlNeverEmitsInputAsMarkup() {
        String html = Reports.render(inspection(), ReportFormat.HTML);
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("</td><script"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    @Test
    void markdownTableRowsKeepTheirColumns() {
        String md = Reports.render(inspection(), ReportFormat.MARKDOWN);
        // Inside code spans markup is shown as text; everywhere else it must be escaped. A backslash-escaped
        // backtick opens no code span (CommonMark 6.1).
        assertFalse(md.replaceAll("(?<!\\\\)`[^`]*`", "").contains("<script>"), md);
        for (String line : md.split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("|---")) {
                String unescaped = line.replace("\\|", "");
                long cells = unescaped.chars().filter(c -> c == '|').count() - 1;
                long header = md.lines().filter(l -> l.startsWith("| Target |")).findFirst().orElseThrow()
                        .chars().filter(c -> c == '|').count() - 1;
                assertEquals(header, cells, "row split into " + cells + " cells: " + line);
            }
        }
    }

    @Test
    void textShowsControlCharactersInsteadOfObeyingThem() {
        for (ReportFormat f : List.of(ReportFormat.TEXT, ReportFormat.MARKDOWN, ReportFormat.HTML)) {
            String out = Reports.render(inspection(), f);
            assertFalse(out.contains("\u0001") || out.contains("\u2028") || out.contains("\t"), f + " passes control characters");
        }
        String text = Reports.render(inspection(), ReportFormat.TEXT);
        assertTrue(text.contains("|x\\n\\ty\\x01z"), "newline, tab and ^A shown escaped:\n" + text);
        assertFalse(text.lines().anyMatch(l -> l.startsWith("\ty")), "a name must not start a line of its own");
        assertTrue(text.contains("◆ silent"), "glyph and word for silent");
        assertTrue(text.contains("✖ refused"), "glyph and word for refused");
    }
}
