package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.load.Loading;
import dev.klpscope.livepatch.PatchedFunction;
import dev.klpscope.module.BpfLsmHooks;
import dev.klpscope.module.ErrorInjectionList;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * tracing-clash on real builds: the hooks sample's foo v1 has answer() in {@code _error_injection_whitelist}
 * ({@code readelf -r}: one R_X86_64_64 to .text+0, answer's offset; etype 2, ERRNO), spelled out as
 * ALLOW_ERROR_INJECTION emits it where CONFIG_FUNCTION_ERROR_INJECTION is set; Debian's real 6.1.0-57 and 6.12.95
 * vmlinux symbol tables for the BPF LSM hooks ({@code nm -n} over the {@code __BTF_ID__set__bpf_lsm_hooks} and
 * {@code bpf_lsm_disabled_hooks} sets: 6.1 239 hooks, 11 disabled; 6.12 266, 11).
 */
class TracingClashTest {

    private static List<Finding> replaced(Inspection i, String name) {
        return i.targets().stream().filter(t -> t.role() == Role.PATCHED && t.symbol().equals(name)).findFirst()
                .orElseThrow().verdicts().get(0).findings();
    }

    @Test
    void aFunctionOnTheModulesErrorInjectionListClashes() {
        Inspection i = Loading.inspect(SampleFiles.path("hooks/hooks_lp.ko"), List.of(SampleFiles.path("hooks/v1/foo.ko")), List.of());
        Finding f = replaced(i, "answer").stream().filter(x -> x.check().equals("tracing-clash")).findFirst().orElseThrow();
        assertEquals(Severity.WARN, f.severity());
        assertTrue(f.message().startsWith("'answer' is on foo's error-injection list (ERRNO)"), f.message());
        for (String other : List.of("scale", "nap", "fill_table", "worker_loop", "wait_ready")) {
            assertTrue(replaced(i, other).stream().noneMatch(x -> x.check().equals("tracing-clash")), other);
        }
    }

    @Test
    void theListIsReadAsTheKernelEntersIt() {
        KernelObject foo = KernelObjectReader.read(SampleFiles.path("hooks/v1/foo.ko"));
        ErrorInjectionList list = ErrorInjectionList.of(foo).orElseThrow();
        assertEquals(1, list.size());
        assertEquals(Optional.of("ERRNO"), list.typeOf(foo.symbols().anyDefined("answer").orElseThrow()));
        assertEquals(Optional.empty(), list.typeOf(foo.symbols().anyDefined("scale").orElseThrow()));
        // a module built without the section (Debian's own, every other sample) has no list at all
        assertEquals(Optional.empty(), ErrorInjectionList.of(KernelObjectReader.read(SampleFiles.path("ftrace/v1/foo.ko"))));
    }

    private static Optional<Finding> lsm(KernelObject vmlinux, String name) {
        PatchedFunction f = new PatchedFunction("vmlinux", name, 0, "livepatch_" + name, OptionalLong.empty(), "test");
        return HookChecks.tracing(f, vmlinux, vmlinux.symbols().anyDefined(name).orElseThrow());
    }

    @Test
    void bpfLsmHooksOfDebians61Vmlinux() {
        KernelObject v = KernelObjectReader.read(SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"));
        assertEquals(239 - 11, BpfLsmHooks.of(v).size());
        Finding f = lsm(v, "bpf_lsm_file_open").orElseThrow();
        assertEquals("tracing-clash", f.check());
        assertTrue(f.message().startsWith("'bpf_lsm_file_open' is a BPF LSM hook of vmlinux"), f.message());
        assertEquals(Optional.empty(), lsm(v, "bpf_lsm_verify_prog"), "bpf_lsm.c's own helper, in no set");
        assertEquals(Optional.empty(), lsm(v, "bpf_lsm_vm_enough_memory"), "in bpf_lsm_disabled_hooks");
        assertEquals(Optional.empty(), lsm(v, "security_file_open"));
        // Debian's config leaves CONFIG_FUNCTION_ERROR_INJECTION unset: no __start_error_injection_whitelist, no list
        assertEquals(Optional.empty(), ErrorInjectionList.of(v));
    }

    @Test
    void bpfLsmHooksOfDebians612Vmlinux() {
        KernelObject v = KernelObjectReader.read(SampleFiles.path("kernels/6.12/vmlinux/vmlinux-6.12.95+deb12-amd64.symtab.xz"));
        assertEquals(266 - 11, BpfLsmHooks.of(v).size());
        assertTrue(lsm(v, "bpf_lsm_bdev_setintegrity").isPresent(), "a hook new in 6.12");
        assertEquals(Optional.empty(), lsm(v, "bpf_lsm_getselfattr"), "disabled in 6.12");
    }
}
