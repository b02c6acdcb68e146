package dev.klpscope.livepatch;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The three encodings of the patched-function list (livepatch-format.md §2), each decoded from real modules
 * built by kbuild: klp_patch structures (samples-style), {@code .kpatch.funcs} (kpatch) and
 * {@code .init.klp_objects}/{@code .init.klp_funcs} (klp-build).
 */
class FunctionListDecodersTest {

    private static final OptionalLong NO_SIZE = OptionalLong.empty();

    private static Livepatch read(String patch) {
        return LivepatchReader.read(SampleFiles.path(patch));
    }

    private static PatchedFunction structs(String object, String oldName, long sympos, String newFunction) {
        return new PatchedFunction(object, oldName, sympos, newFunction, NO_SIZE, KlpStructDecoder.SOURCE);
    }

    @Test
    void samplesStyleSingleObject() {
        Livepatch lp = read("seed/seed_lp1.ko");
        assertEquals(KlpStructDecoder.SOURCE, lp.functionListSource());
        assertEquals(List.of(structs("foo", "a", 0, "livepatch_a")), lp.patched());
        assertEquals(Optional.of(false), lp.replace());
    }

    @Test
    void samplesStyleTwoObjects() {
        Livepatch lp = read("multiobj/multiobj_lp.ko");
        assertEquals(List.of(
                structs("foo", "foo_answer", 0, "livepatch_foo_answer"),
                structs("bar", "bar_answer", 0, "livepatch_bar_answer")), lp.patched());
    }

    @Test
    void samplesStyleVmlinuxHasNoNamePointer() {
        Livepatch lp = read("vmlinux/vmlinux_lp.ko");
        assertEquals(List.of(structs("vmlinux", "cmdline_proc_show", 0, "livepatch_cmdline_proc_show")), lp.patched());
    }

    /**
     * kpatchfmt_lp: two {@code struct kpatch_patch_func} in {@code .kpatch.funcs}; old_size is what
     * samples/build.sh read out of kpatchfmt/v1/foo.ko (compute 22 bytes, bias 15) — checked here against v1.
     */
    @Test
    void kpatchFuncs() {
        Livepatch lp = read("kpatchfmt/kpatchfmt_lp.ko");
        assertEquals(KpatchFuncsDecoder.SOURCE, lp.functionListSource());
        assertEquals(List.of(
                new PatchedFunction("foo", "compute", 0, "livepatch_compute", OptionalLong.of(22), KpatchFuncsDecoder.SOURCE),
                new PatchedFunction("foo", "bias", 0, "livepatch_bias", OptionalLong.of(15), KpatchFuncsDecoder.SOURCE)),
                lp.patched());
        assertEquals(Optional.empty(), lp.replace(), "kpatch's hook leaves replace to the build; nothing in the file says");
        var v1 = dev.klpscope.module.KernelObjectReader.read(SampleFiles.path("kpatchfmt/v1/foo.ko")).image().symbols();
        for (PatchedFunction f : lp.patched()) {
            long size = v1.stream().filter(s -> s.name().equals(f.oldName()) && s.isFunction()).findFirst().orElseThrow().size();
            assertEquals(size, f.oldSize().getAsLong(), f.oldName() + ": old_size is v1's st_size");
        }
    }

    /**
     * klpbuildfmt_lp: {@code .init.klp_objects} holds vmlinux (name NULL, no relocation) then foo; foo's
     * {@code helper} is sympos 2 (plain data in {@code .init.klp_funcs}).
     */
    @Test
    void klpBuildObjectsAndFuncs() {
        Livepatch lp = read("klpbuildfmt/klpbuildfmt_lp.ko");
        assertEquals(KlpBuildDecoder.SOURCE, lp.functionListSource());
        String src = KlpBuildDecoder.SOURCE;
        assertEquals(List.of(
                new PatchedFunction("vmlinux", "cmdline_proc_show", 0, "livepatch_cmdline_proc_show", NO_SIZE, src),
                new PatchedFunction("foo", "answer", 0, "livepatch_answer", NO_SIZE, src),
                new PatchedFunction("foo", "helper", 2, "livepatch_helper", NO_SIZE, src)), lp.patched());
        assertEquals(Optional.of(true), lp.replace(), "klp-build patches are atomic-replace by default");
        assertEquals(List.of("vmlinux", "foo"), lp.objects());
        assertEquals(List.of(new PatchObject("vmlinux", 1, Callbacks.NONE), new PatchObject("foo", 2, Callbacks.NONE)),
                lp.klpPatch().objects(), "nr_funcs 1 and 2, no .callbacks in the initializers");
    }

    /**
     * The same two layouts compiled by clang for ELF32 little endian with REL relocations (i386: the pointer
     * addends are the fields' own bytes), ELF32 big endian and ELF64 big endian (functables.c in
     * src/test/resources/dev/klpscope/elf/foreign/). On ILP32 a klp_object_ext is 32 bytes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"i386-linux-gnu", "powerpc-linux-gnu", "s390x-linux-gnu"})
    void tablesOnOtherArchitectures(String target) throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/dev/klpscope/elf/foreign/functables-" + target + ".o").toURI());
        Pointers ptr = new Pointers(ElfImage.open(file));
        String k = KpatchFuncsDecoder.SOURCE;
        assertEquals(List.of(
                new PatchedFunction("mod", "alpha", 0, "new_alpha", OptionalLong.of(0x1234), k),
                new PatchedFunction("vmlinux", "beta", 3, "new_beta", OptionalLong.of(0x56), k)),
                KpatchFuncsDecoder.decode(ptr).orElseThrow());
        String b = KlpBuildDecoder.SOURCE;
        assertEquals(List.of(
                new PatchedFunction("vmlinux", "beta", 3, "new_beta", NO_SIZE, b),
                new PatchedFunction("mod", "alpha", 0, "new_alpha", NO_SIZE, b),
                new PatchedFunction("mod", "beta", 2, "new_beta", NO_SIZE, b)),
                KlpBuildDecoder.decode(ptr).orElseThrow().functions());
    }
}
