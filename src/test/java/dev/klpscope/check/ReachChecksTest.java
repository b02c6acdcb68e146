package dev.klpscope.check;

import dev.klpscope.SampleFiles;
import dev.klpscope.livepatch.PatchedFunction;
import dev.klpscope.load.Loading;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * init-only-callers and transition-stall on real builds. The hooks sample's foo v1 as {@code objdump -dr} shows it:
 * foo_init (.init.text) calls fill_table and loads worker_loop into %rdi ({@code mov $0x0,%rdi}, R_X86_64_32S .text+0x100)
 * before {@code call kthread_create_on_node}; worker_loop calls kthread_should_stop at +0x1d, which its {@code je}
 * at +0x24 loops back to; wait_ready (wait_event_interruptible) calls kthread_should_stop at +0x8e and schedule at
 * +0x9c inside the loop {@code je 9e} closes, and kthread_should_stop once more at +0x4d outside it; nap calls
 * schedule_timeout_interruptible once; scale is called from fill_table and foo_probe_get (.text). Debian's -dbg
 * vmlinux (cached, not committed) as {@code objdump -d} shows it: 6.1.0-57's carries {@code --emit-relocs}
 * relocations, 6.12.95's none.
 */
class ReachChecksTest {

    private static final Path LP = SampleFiles.path("hooks/hooks_lp.ko");
    private static final Path FOO = SampleFiles.path("hooks/v1/foo.ko");

    private static List<Finding> findings(Inspection i, String name, String check) {
        return i.targets().stream().filter(t -> t.role() == Role.PATCHED && t.symbol().equals(name)).findFirst()
                .orElseThrow().verdicts().get(0).findings().stream().filter(f -> f.check().equals(check)).toList();
    }

    @Test
    void aKthreadsMainLoopAndAnEndlessWaitStallTheTransition() {
        Inspection i = Loading.inspect(LP, List.of(FOO), List.of());
        assertEquals(List.of(new Finding.TransitionStall("worker_loop", "foo", List.of(
                "passed to kthread_create_on_node by foo_init", "calls kthread_should_stop in a loop (+0x1d)"),
                LoadOrder.TARGET_FIRST)), findings(i, "worker_loop", "transition-stall"));
        assertEquals(List.of(new Finding.TransitionStall("wait_ready", "foo", List.of(
                "calls kthread_should_stop in a loop (+0x8e)", "calls schedule in a loop (+0x9c)"),
                LoadOrder.TARGET_FIRST)), findings(i, "wait_ready", "transition-stall"));
        Finding f = findings(i, "worker_loop", "transition-stall").get(0);
        assertEquals(Severity.RISK, f.severity());
        assertEquals(Optional.of("livepatch: signaling remaining tasks"), f.kernelMessage());
        for (String other : List.of("nap", "scale", "fill_table", "answer")) {
            assertEquals(List.of(), findings(i, other, "transition-stall"), other);
        }
    }

    @Test
    void aFunctionCalledOnlyFromModuleInitNeverRunsTheFix() {
        Inspection i = Loading.inspect(LP, List.of(FOO), List.of());
        assertEquals(List.of(new Finding.InitOnlyCallers("fill_table", "foo", List.of("foo_init in .init.text"),
                LoadOrder.TARGET_FIRST)), findings(i, "fill_table", "init-only-callers"));
        // worker_loop's address is taken in init, but the kthread calls it later; scale is called at run time too
        for (String other : List.of("worker_loop", "wait_ready", "nap", "scale", "answer")) {
            assertEquals(List.of(), findings(i, other, "init-only-callers"), other);
        }
    }

    @Test
    void aModuleLoadedAfterThePatchRunsTheNewCodeFromTheStart() {
        Inspection i = Loading.inspect(LP, List.of(FOO), List.of());
        assertEquals(Severity.RISK, ScenarioVerdictsTest.worstFor(i, FOO.toString(), LoadOrder.TARGET_FIRST));
        assertEquals(Severity.WARN, ScenarioVerdictsTest.worstFor(i, FOO.toString(), LoadOrder.PATCH_FIRST),
                "only answer's tracing-clash holds when foo loads after the patch");
    }

    private static KernelObject cached(String path) {
        Path p = Path.of(path);
        Assumptions.assumeTrue(Files.isRegularFile(p), p + " not in the cache");
        return KernelObjectReader.read(p);
    }

    private static PatchedFunction vmlinux(String name) {
        return new PatchedFunction("vmlinux", name, 0, "livepatch_" + name, OptionalLong.empty(), "test");
    }

    private static Optional<Finding> stall(KernelObject v, String name) {
        return ReachChecks.transition(vmlinux(name), v, v.symbols().anyDefined(name).orElseThrow());
    }

    private static Optional<Finding> initOnly(KernelObject v, String name) {
        return ReachChecks.initOnly(vmlinux(name), v, v.symbols().anyDefined(name).orElseThrow());
    }

    /**
     * 6.1.0-57 (relocations): kswapd is started by kswapd_run (mm/vmscan.c) and loops on kthread_should_stop;
     * oom_reaper by oom_init (.init.text); panic_show_mem (init/initramfs.c, not __init) is called only by the
     * initramfs unpacker's __init functions; neigh_table_init is called from init only but exported.
     */
    @Test
    void debians61Vmlinux() {
        KernelObject v = cached("/var/cache/klpscope/dbg/6.1.0-57/vmlinux");
        Finding kswapd = stall(v, "kswapd").orElseThrow();
        assertTrue(kswapd.message().startsWith("'kswapd' may never leave a task's stack in vmlinux (passed to "
                + "kthread_create_on_node by kswapd_run; calls kthread_should_stop in a loop ("), kswapd.message());
        assertEquals(LoadOrder.ANY, kswapd.order());
        assertTrue(stall(v, "oom_reaper").orElseThrow().message().contains("passed to kthread_create_on_node by oom_init"));
        assertEquals(Optional.empty(), stall(v, "kswapd_run"), "starts the kthread, does not run it");
        assertEquals(Optional.of(new Finding.InitOnlyCallers("panic_show_mem", "vmlinux", List.of("do_name in .init.text",
                "do_populate_rootfs in .init.text", "maybe_link in .init.text", "unpack_to_rootfs in .init.text"),
                LoadOrder.ANY)), initOnly(v, "panic_show_mem"));
        assertEquals(Optional.empty(), initOnly(v, "neigh_table_init"), "exported");
        assertEquals(Optional.empty(), initOnly(v, "kswapd_run"), "online_pages calls it at run time");
        // readelf -r: .rela.pci_fixup has R_X86_64_PC32 .text+0x9d0620 at 0xffffffff8245ee0c and 0xffffffff82461fec,
        // the 32-bit offsets DECLARE_PCI_FIXUP_* leave to pci_early_fixup_cyrix_5530 (0xffffffff819d0620)
        List<Long> fixups = dev.klpscope.module.code.CodeReferences.of(v).orElseThrow()
                .to(v.symbols().anyDefined("pci_early_fixup_cyrix_5530").orElseThrow()).orElseThrow().stream()
                .filter(r -> r.section().equals(".pci_fixup"))
                .map(r -> r.offset() + v.image().sections().stream().filter(x -> x.name().equals(".pci_fixup"))
                        .findFirst().orElseThrow().address()).toList();
        assertEquals(List.of(0xffffffff8245ee0cL, 0xffffffff82461fecL), fixups);
    }

    /**
     * 6.12.95 has no relocations: oom_init's {@code call kthread_create_on_node} (.init.text to .text) is named by
     * decoding, pipe_read's address is a word of .rodata (pipefifo_fops), so it is not init-only, and kbd_init (drivers/tty/vt/keyboard.c,
     * not __init in 6.12) is called only by vty_init.
     */
    @Test
    void debians612VmlinuxWithoutRelocations() {
        KernelObject v = cached("/var/cache/klpscope/vmlinux-6.12.95+deb12-amd64");
        assertTrue(stall(v, "oom_reaper").orElseThrow().message().contains("passed to kthread_create_on_node by oom_init"));
        assertEquals(Optional.of(new Finding.InitOnlyCallers("kbd_init", "vmlinux", List.of("vty_init in .init.text"),
                LoadOrder.ANY)), initOnly(v, "kbd_init"));
        assertEquals(Optional.empty(), initOnly(v, "pipe_read"));
        // a blocking read sleeps in pipe_read's wait_event_interruptible_exclusive(), inside its for (;;)
        assertTrue(stall(v, "pipe_read").orElseThrow().message().contains("(calls schedule in a loop (+0x"));
        assertEquals(Optional.empty(), stall(v, "pipe_poll"), "poll_wait() only queues; the sleep is do_poll()'s");
    }
}
