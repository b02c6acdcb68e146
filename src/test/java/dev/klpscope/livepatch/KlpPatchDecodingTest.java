package dev.klpscope.livepatch;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole {@code klp_patch} of the kernel's own livepatch samples and selftest modules (samples/upstream/, built
 * from Debian's linux-source 6.1 and 6.12 against Debian's headers). Every expected value is read off the C sources
 * of linux-source-6.1 (lib/livepatch/, samples/livepatch/) — identical in 6.12 for what is checked here — never off
 * klpscope's output.
 */
class KlpPatchDecodingTest {

    private static Livepatch read(String kernel, String module) {
        return LivepatchReader.read(SampleFiles.path("upstream/" + kernel + "/" + module + ".ko"));
    }

    /** The four callbacks every object of the callback demos sets ({@code .callbacks = { .pre_patch = pre_patch_callback, … }}). */
    private static final Callbacks ALL_FOUR = new Callbacks(Optional.of("pre_patch_callback"), Optional.of("post_patch_callback"),
            Optional.of("pre_unpatch_callback"), Optional.of("post_unpatch_callback"));

    /**
     * test_klp_callbacks_demo.c: {@code objs[]} = vmlinux ({@code .name = NULL}, {@code .funcs = no_funcs}),
     * test_klp_callbacks_mod ({@code no_funcs}), test_klp_callbacks_busy ({@code busymod_funcs}: one function),
     * each with the four callbacks. Two objects carry callbacks only. samples/livepatch/livepatch-callbacks-demo.c
     * has the same shape for livepatch_callbacks_mod and livepatch_callbacks_busymod.
     */
    @ParameterizedTest
    @ValueSource(strings = {"6.1/test_klp_callbacks_demo/test_klp_callbacks_mod/test_klp_callbacks_busy",
            "6.12/test_klp_callbacks_demo/test_klp_callbacks_mod/test_klp_callbacks_busy",
            "6.1/livepatch-callbacks-demo/livepatch_callbacks_mod/livepatch_callbacks_busymod",
            "6.12/livepatch-callbacks-demo/livepatch_callbacks_mod/livepatch_callbacks_busymod"})
    void callbackOnlyObjectsAreObjectsOfThePatch(String kernelPatchModBusy) {
        String[] p = kernelPatchModBusy.split("/");
        Livepatch lp = read(p[0], p[1]);
        assertEquals(List.of(new PatchObject("vmlinux", 0, ALL_FOUR), new PatchObject(p[2], 0, ALL_FOUR),
                new PatchObject(p[3], 1, ALL_FOUR)), lp.klpPatch().objects());
        assertEquals(List.of("vmlinux", p[2], p[3]), lp.objects());
        assertEquals(Optional.of(false), lp.replace(), "no .replace in the initializer, no store in init");
        assertTrue(lp.klpPatch().replace().stores().isEmpty());
    }

    /**
     * test_klp_state.c: {@code CONSOLE_LOGLEVEL_STATE 1}, {@code CONSOLE_LOGLEVEL_STATE_VERSION 1}; test_klp_state2.c
     * the same id at version 2; test_klp_state3.c is {@code #include "test_klp_state2.c"}. All three set
     * {@code .replace = true} and have one vmlinux object with callbacks only.
     */
    @ParameterizedTest
    @ValueSource(strings = {"6.1", "6.12"})
    void statesAndReplace(String kernel) {
        for (String[] m : new String[][]{{"test_klp_state", "1"}, {"test_klp_state2", "2"}, {"test_klp_state3", "2"}}) {
            Livepatch lp = read(kernel, m[0]);
            assertEquals(List.of(new PatchState(1, Long.parseLong(m[1]))), lp.klpPatch().states(), m[0]);
            assertEquals(Optional.of(true), lp.replace(), m[0]);
            assertEquals(List.of(new PatchObject("vmlinux", 0, ALL_FOUR)), lp.klpPatch().objects(), m[0]);
        }
        assertEquals(List.of(), read(kernel, "test_klp_callbacks_demo").klpPatch().states(), "no .states: NULL");
    }

    /**
     * test_klp_atomic_replace.c and test_klp_callbacks_demo2.c: {@code static int replace; module_param(replace, …)};
     * the static {@code patch} has no {@code .replace}; init does {@code patch.replace = replace;}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"6.1", "6.12"})
    void replaceSetByInitFromAModuleParameter(String kernel) {
        for (String m : List.of("test_klp_atomic_replace", "test_klp_callbacks_demo2")) {
            ReplaceSetting r = read(kernel, m).klpPatch().replace();
            assertEquals(Optional.of(false), r.initial(), m);
            assertEquals(1, r.stores().size(), m + ": " + r.stores());
            ReplaceStore s = r.stores().get(0);
            assertEquals(m + "_init", s.function(), m);
            assertEquals("replace", s.readFrom(), m);
            assertTrue(s.moduleParameter(), m);
            assertEquals(OptionalLong.empty(), s.constant(), m);
            assertTrue(r.describe().contains("module parameter 'replace'"), r.describe());
        }
        assertEquals(List.of(new PatchObject("vmlinux", 1, Callbacks.NONE)),
                read(kernel, "test_klp_atomic_replace").klpPatch().objects(), "one function (meminfo_proc_show), no callbacks");
    }

    /**
     * livepatch-shadow-fix1.c ({@code SV_LEAK 1}): alloc, get, free and free_all of SV_LEAK. livepatch-shadow-fix2.c
     * ({@code SV_LEAK 1}, {@code SV_COUNTER 2}): get_or_alloc(SV_COUNTER), get(SV_LEAK), free(SV_LEAK),
     * get(SV_COUNTER), free(SV_COUNTER), free_all(SV_COUNTER). Every id in these sources is a constant.
     */
    @ParameterizedTest
    @ValueSource(strings = {"6.1", "6.12"})
    void shadowVariableIdsOfTheSamples(String kernel) {
        assertEquals(sorted(List.of("klp_shadow_alloc 1", "klp_shadow_get 1", "klp_shadow_free 1", "klp_shadow_free_all 1")),
                callsAndIds(read(kernel, "livepatch-shadow-fix1").klpPatch().shadowUses()));
        assertEquals(sorted(List.of("klp_shadow_get_or_alloc 2", "klp_shadow_get 1", "klp_shadow_free 1", "klp_shadow_get 2",
                        "klp_shadow_free 2", "klp_shadow_free_all 2")),
                callsAndIds(read(kernel, "livepatch-shadow-fix2").klpPatch().shadowUses()));
        assertEquals(List.of(), read(kernel, "test_klp_state").klpPatch().shadowUses());
    }

    /**
     * test_klp_shadow_vars.c (the selftests' shadow-variable module, not a livepatch): {@code SV_ID1 0x1234},
     * {@code SV_ID2 0x1235}; its wrappers {@code shadow_get/alloc/get_or_alloc/free/free_all(…, unsigned long id, …)}
     * pass their own parameter on. Where gcc kept a wrapper, the id there is "not constant"; where it inlined one,
     * the call carries SV_ID1 or SV_ID2.
     */
    @ParameterizedTest
    @ValueSource(strings = {"6.1", "6.12"})
    void shadowIdsThroughWrappers(String kernel) {
        ModuleCode code = new ModuleCode(ElfImage.open(SampleFiles.path("upstream/" + kernel + "/test_klp_shadow_vars.ko")));
        List<ShadowUse> uses = ShadowUses.find(code);
        assertEquals(Set.of("klp_shadow_get", "klp_shadow_alloc", "klp_shadow_get_or_alloc", "klp_shadow_free",
                "klp_shadow_free_all"), uses.stream().map(ShadowUse::call).collect(Collectors.toSet()));
        Set<Long> ids = uses.stream().filter(u -> u.id().isPresent()).map(u -> u.id().getAsLong()).collect(Collectors.toSet());
        assertEquals(Set.of(0x1234L, 0x1235L), ids);
        for (ShadowUse u : uses) {
            if (u.id().isEmpty()) {
                assertTrue(u.function().startsWith("shadow_"), "only a wrapper passes a non-constant id: " + u);
                assertEquals("id not constant: the caller's own argument", u.why(), u.toString());
            }
        }
        assertTrue(uses.stream().anyMatch(u -> u.id().isEmpty()), "gcc keeps at least one wrapper out of line");
    }

    /**
     * The klp_object and klp_state layouts are the same in 6.1, 6.12 and 7.3 (include/linux/livepatch.h of
     * linux-headers-6.1.0-57-common, -6.12.95+deb12-common and -7.3.4+deb13-common): the seed patch built for each
     * kernel (samples/seed, samples/kernels/) has one object, foo, replacing one function, without callbacks.
     */
    @ParameterizedTest
    @ValueSource(strings = {"seed/seed_lp1.ko", "kernels/6.12/seed/seed_lp1.ko", "kernels/7.3/seed/seed_lp1.ko"})
    void seedLayoutOnEveryKernel(String patch) {
        Livepatch lp = LivepatchReader.read(SampleFiles.path(patch));
        assertEquals(List.of(new PatchObject("foo", 1, Callbacks.NONE)), lp.klpPatch().objects());
        assertEquals(List.of(), lp.klpPatch().states());
        assertEquals(Optional.of(false), lp.replace());
        assertFalse(lp.klpPatch().replace().mayBeOverridden());
    }

    private static List<String> callsAndIds(List<ShadowUse> uses) {
        List<String> out = new ArrayList<>();
        for (ShadowUse u : uses) {
            out.add(u.call() + " " + (u.id().isPresent() ? Long.toString(u.id().getAsLong()) : u.why()));
        }
        return sorted(out);
    }

    private static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }
}
