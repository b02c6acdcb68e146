package dev.klpscope.livepatch;

import dev.klpscope.livepatch.lint.PatchProblem;
import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * samples/broken/klp-object-nofuncs.ko (make-broken.py, per kernel): the seed patch without the relocation that
     * fills {@code objs[0].funcs}, so object foo keeps its name and has {@code funcs} NULL. klp_enable_patch()
     * (kernel/livepatch/core.c: 6.1.192 lines 1045-1048, 6.12.95 lines 1091-1094) returns -EINVAL for it: refused.
     */
    @ParameterizedTest
    @ValueSource(strings = {"broken/klp-object-nofuncs.ko", "broken/6.12/klp-object-nofuncs.ko",
            "broken/7.3/klp-object-nofuncs.ko"})
    void aNamedObjectWithoutFunctionsIsRefused(String patch) {
        Livepatch lp = LivepatchReader.read(SampleFiles.path(patch));
        assertEquals(List.of(new PatchObject("foo", 0, Callbacks.NONE)), lp.klpPatch().objects());
        List<PatchProblem> funcs = lp.problems().stream().filter(p -> p.code().equals("klp-object-funcs")).toList();
        assertEquals(1, funcs.size(), () -> lp.problems().toString());
        assertEquals(PatchProblem.Level.REFUSED, funcs.get(0).level());
        assertTrue(funcs.get(0).message().contains("'foo'") && funcs.get(0).message().contains("Invalid argument"),
                funcs.get(0).message());
    }

    /**
     * livepatch-callbacks-demo.c's {@code objs[]} is vmlinux ({@code .name = NULL}, {@code .funcs = funcs}),
     * livepatch_callbacks_mod, livepatch_callbacks_busymod, then the terminator. Without the relocation that fills
     * the vmlinux object's {@code funcs} (derived here, in a copy), that object has neither name nor funcs, so
     * {@code klp_for_each_object_static} ({@code obj->funcs || obj->name}, include/linux/livepatch.h) stops at it:
     * both module objects are never patched, and nothing is refused.
     */
    @Test
    void aVmlinuxObjectWithoutFunctionsHidesTheLaterObjects(@TempDir Path dir) throws IOException {
        Path derived = withoutRelocationAt(SampleFiles.path("upstream/6.1/livepatch-callbacks-demo.ko"), "objs", 8,
                dir.resolve("livepatch-callbacks-demo-nofuncs.ko"));
        Livepatch lp = LivepatchReader.read(derived);
        List<PatchProblem> funcs = lp.problems().stream().filter(p -> p.code().equals("klp-object-unseen")).toList();
        assertEquals(1, funcs.size(), () -> lp.problems().toString());
        assertEquals(PatchProblem.Level.SILENT, funcs.get(0).level());
        String m = funcs.get(0).message();
        assertTrue(m.contains("objs[0] (a vmlinux object with callbacks but NULL funcs)")
                && m.contains("'livepatch_callbacks_mod', 'livepatch_callbacks_busymod' after it are never initialised"), m);
        assertTrue(lp.problems().stream().noneMatch(p -> p.level() == PatchProblem.Level.REFUSED), () -> lp.problems().toString());
        assertEquals(List.of(), lp.klpPatch().objects(), "the kernel sees no object at all");
    }

    /**
     * samples/broken/vmlinux-object-nofuncs.ko (make-broken.py, per kernel): the vmlinux sample, whose only object is
     * vmlinux ({@code .name} NULL), without the relocation that fills its {@code funcs}. The entry then reads as the
     * terminator: the patch loads with no object, and its {@code .klp.rela.vmlinux..text} is never written.
     */
    @ParameterizedTest
    @ValueSource(strings = {"broken/vmlinux-object-nofuncs.ko", "broken/6.12/vmlinux-object-nofuncs.ko",
            "broken/7.3/vmlinux-object-nofuncs.ko"})
    void aVmlinuxObjectWithoutFunctionsIsNeverInitialised(String patch) {
        Livepatch lp = LivepatchReader.read(SampleFiles.path(patch));
        assertEquals(List.of(), lp.klpPatch().objects());
        List<PatchProblem> funcs = lp.problems().stream().filter(p -> p.code().equals("klp-object-unseen")).toList();
        assertEquals(1, funcs.size(), () -> lp.problems().toString());
        assertEquals(PatchProblem.Level.SILENT, funcs.get(0).level());
        assertTrue(funcs.get(0).message().startsWith("'vmlinux' has klp relocation sections")
                && funcs.get(0).message().contains("ends at objs[0]"), funcs.get(0).message());
    }

    /**
     * samples/dashname: dashname_lpdash's klp_object is {@code .name = "foo-bar"}, while its klp relocation section
     * is {@code .klp.rela.foo_bar..text}. klp_apply_object_relocs() applies only the sections of an object the patch
     * has ({@code klp_apply_section_relocs} compares the section's object name with {@code obj->name}), so that
     * section is never written, whatever module loads.
     */
    @Test
    void klpSectionsOfAnObjectThePatchDoesNotHaveAreNeverWritten() {
        Livepatch lp = LivepatchReader.read(SampleFiles.path("dashname/dashname_lpdash.ko"));
        List<PatchProblem> unseen = lp.problems().stream().filter(p -> p.code().equals("klp-object-unseen")).toList();
        assertEquals(1, unseen.size(), () -> lp.problems().toString());
        assertEquals(PatchProblem.Level.SILENT, unseen.get(0).level());
        assertTrue(unseen.get(0).message().startsWith("'foo_bar' has klp relocation sections")
                && unseen.get(0).message().contains("klp relocations are never written"), unseen.get(0).message());
        assertTrue(LivepatchReader.read(SampleFiles.path("dashname/dashname_lp.ko")).problems().stream()
                .noneMatch(p -> p.code().startsWith("klp-object")), "dashname_lp's object is foo_bar");
    }

    /** A copy of {@code patch} without the ordinary relocation at {@code symbol + offset} (the later ones move up). */
    private static Path withoutRelocationAt(Path patch, String symbol, long offset, Path out) throws IOException {
        byte[] b = Files.readAllBytes(patch);
        ElfImage elf = ElfImage.fromBytes(patch.toString(), b);
        Symbol sym = elf.symbols().stream().filter(s -> s.name().equals(symbol)).findFirst().orElseThrow();
        for (Section s : elf.sections()) {
            if (s.type() != Section.SHT_RELA || s.info() != sym.sectionIndex() || s.hasFlag(Section.SHF_RELA_LIVEPATCH)) {
                continue;
            }
            List<Relocation> relocations = elf.relocations(s);
            for (int n = 0; n < relocations.size(); n++) {
                if (relocations.get(n).offset() == sym.value() + offset) {
                    int at = (int) (s.offset() + 24L * n);
                    int end = (int) (s.offset() + s.size());
                    System.arraycopy(b, at + 24, b, at, end - at - 24);
                    Arrays.fill(b, end - 24, end, (byte) 0);
                    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                    long shoff = bb.getLong(0x28);
                    bb.putLong((int) (shoff + 64L * s.index() + 32), s.size() - 24);
                    return Files.write(out, b);
                }
            }
        }
        throw new AssertionError("no relocation at " + symbol + "+" + offset + " in " + patch);
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
