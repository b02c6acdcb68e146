package dev.klpscope.report;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import dev.klpscope.check.Inspection;
import dev.klpscope.livepatch.LivepatchReader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole klp_patch in every report format and in {@code show}, on the kernel's selftests and samples. Expected
 * values from their C sources: test_klp_state2.c ({@code CONSOLE_LOGLEVEL_STATE 1}, version 2, one vmlinux object
 * with the four callbacks), test_klp_callbacks_demo2.c ({@code patch.replace = replace;} from a module parameter),
 * livepatch-shadow-fix2.c ({@code SV_LEAK 1}, {@code SV_COUNTER 2}; {@code livepatch_fix2_dummy_check} calls
 * {@code klp_shadow_get_or_alloc(d, SV_COUNTER, …)}).
 */
class KlpPatchReportsTest {

    private static Inspection inspect(String module) {
        return Loading.inspect(SampleFiles.path("upstream/6.1/" + module + ".ko"), List.of(), List.of());
    }

    private static final String VMLINUX_OBJECT = "klp_object vmlinux: 0 functions, callbacks pre_patch=pre_patch_callback, "
            + "post_patch=post_patch_callback, pre_unpatch=pre_unpatch_callback, post_unpatch=post_unpatch_callback";

    @Test
    void statesAndCallbacksInTextMarkdownAndHtml() {
        Inspection in = inspect("test_klp_state2");
        String text = Reports.render(in, ReportFormat.TEXT);
        assertTrue(text.contains("\n  state id 1 (0x1), version 2\n"), text);
        assertTrue(text.contains("\n  " + VMLINUX_OBJECT + "\n"), text);
        assertTrue(text.contains("\n  replace: true\n"), text);
        String md = Reports.render(in, ReportFormat.MARKDOWN);
        assertTrue(md.contains("\n- state id 1 (0x1), version 2\n"), md);
        String html = Reports.render(in, ReportFormat.HTML);
        assertTrue(html.contains("<br>state id 1 (0x1), version 2"), html);
    }

    @Test
    void jsonCarriesObjectsStatesReplaceStoresAndShadowIds() {
        Map<String, Object> state2 = patch(inspect("test_klp_state2"));
        JsonShape.requireKlpPatchShape(state2);
        assertEquals(List.of(Map.of("id", 1L, "version", 2L)), state2.get("states"));
        Map<String, Object> vmlinux = MiniJson.object(MiniJson.array(state2.get("klpObjects")).get(0));
        assertEquals("vmlinux", vmlinux.get("name"));
        assertEquals(0L, vmlinux.get("functions"));
        assertEquals("post_unpatch_callback", MiniJson.object(vmlinux.get("callbacks")).get("postUnpatch"));

        Map<String, Object> demo2 = patch(inspect("test_klp_callbacks_demo2"));
        assertEquals(false, demo2.get("replace"));
        Map<String, Object> store = MiniJson.object(MiniJson.array(demo2.get("replaceStores")).get(0));
        assertEquals("test_klp_callbacks_demo2_init", store.get("function"));
        assertEquals("replace", store.get("readFrom"));
        assertEquals(true, store.get("moduleParameter"));

        Map<String, Object> fix2 = patch(inspect("livepatch-shadow-fix2"));
        Set<Object> ids = MiniJson.array(fix2.get("shadowVariables")).stream().map(u -> MiniJson.object(u).get("id"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(1L, 2L), ids);
    }

    @Test
    void showListsEveryCallWithItsId() {
        String text = PatchListing.text(LivepatchReader.read(SampleFiles.path("upstream/6.1/livepatch-shadow-fix2.ko")));
        assertTrue(text.contains("shadow variables (6 calls)"), text);
        assertTrue(text.matches("(?s).*\n  klp_shadow_get_or_alloc id 0x2 in livepatch_fix2_dummy_check \\(\\.text\\+0x[0-9a-f]+\\)\n.*"),
                text);
        Map<String, Object> json = MiniJson.object(MiniJson.parse(PatchListing.json(
                LivepatchReader.read(SampleFiles.path("upstream/6.1/test_klp_state.ko")))));
        JsonShape.requireKlpPatchShape(json);
        assertEquals(List.of(Map.of("id", 1L, "version", 1L)), json.get("states"));
    }

    private static Map<String, Object> patch(Inspection in) {
        return MiniJson.object(MiniJson.object(MiniJson.parse(Reports.render(in, ReportFormat.JSON))).get("patch"));
    }
}
