package dev.klpscope.ui.model;

import dev.klpscope.load.Loading;
import dev.klpscope.SampleFiles;
import dev.klpscope.check.Inspection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The patch card's lines and the object rows' titles, without a stage, on the kernel's selftest
 * test_klp_callbacks_demo2.c ({@code .name = NULL} with the four callbacks and no functions;
 * {@code patch.replace = replace;} in init from {@code module_param(replace, int, 0644)}).
 */
class PatchFactsTest {

    private static final Inspection DEMO2 = Loading.inspect(SampleFiles.path("upstream/6.1/test_klp_callbacks_demo2.ko"),
            List.of(), List.of());

    @Test
    void thePatchCardSaysReplaceMayBeOverriddenAndListsTheCallbackOnlyObject() {
        List<String> lines = PatchFacts.lines(DEMO2.patch());
        assertTrue(lines.get(0).startsWith("replace: false (initial value; overridden at run time: test_klp_callbacks_demo2_init"),
                lines.get(0));
        assertTrue(lines.get(0).contains("module parameter 'replace'"), lines.get(0));
        assertEquals("klp_object vmlinux: 0 functions, callbacks pre_patch=pre_patch_callback, post_patch=post_patch_callback, "
                + "pre_unpatch=pre_unpatch_callback, post_unpatch=post_unpatch_callback", lines.get(1));
        assertEquals(2, lines.size(), "no states, no shadow variables: " + lines);
    }

    @Test
    void anObjectRowNamesItsCallbacksOnlyForAnObjectThePatchHas() {
        assertTrue(PatchFacts.object(DEMO2.patch(), "vmlinux").orElseThrow().contains("pre_patch=pre_patch_callback"));
        assertEquals(Optional.empty(), PatchFacts.object(DEMO2.patch(), "test_klp_callbacks_mod"));
    }
}
