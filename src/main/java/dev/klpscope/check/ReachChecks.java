package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.PatchedFunction;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ObjectKind;
import dev.klpscope.module.code.CodeReferences;
import dev.klpscope.module.code.CodeReferences.Call;
import dev.klpscope.module.code.CodeReferences.Kind;
import dev.klpscope.module.code.CodeReferences.Reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * After the hook: whether the replaced function's new code ever runs ({@code init-only-callers}) and whether the
 * patch's transition can finish ({@code transition-stall}), from who refers to the function in the candidate and
 * what it calls ({@link CodeReferences}: relocations, and decoded x86-64 calls where there are none). Both hold for a
 * module loaded before the patch only: a module that loads after it runs the new code from its first call.
 */
final class ReachChecks {

    private ReachChecks() {
    }

    /**
     * {@code init-only-callers}: every reference to the function is a call or jump from init code, or an initcall
     * entry; an address taken anywhere else (a kthread started from init, an ops table) or an export
     * ({@code __ksymtab_<name>}) may call it later.
     */
    static Optional<Finding> initOnly(PatchedFunction f, KernelObject candidate, Symbol bound) {
        if (candidate.symbols().anyDefined("__ksymtab_" + bound.name()).isPresent()) {
            return Optional.empty(); // exported: any module may call it later
        }
        Optional<List<Reference>> refs = CodeReferences.of(candidate).flatMap(r -> r.to(bound));
        if (refs.isEmpty() || refs.get().isEmpty() || !refs.get().stream().allMatch(ReachChecks::runsOnlyAtInit)) {
            return Optional.empty();
        }
        Set<String> callers = new TreeSet<>();
        refs.get().forEach(r -> callers.add((r.from().isEmpty() ? "" : r.from() + " ") + "in " + r.section()));
        return Optional.of(new Finding.InitOnlyCallers(f.oldName(), candidate.name(), List.copyOf(callers), order(candidate)));
    }

    private static boolean runsOnlyAtInit(Reference r) {
        return r.inInit() && (r.kind() != Kind.ADDRESS || r.section().startsWith(".initcall"));
    }

    /**
     * {@code transition-stall}: the function's address loaded as the first argument of {@code kthread_create_on_node}
     * ({@code kthread_run}, {@code kthread_create}) or {@code kthread_create_on_cpu}: it is a kthread's main function,
     * on that kthread's stack for its whole life; or a call, on a loop of the function's own branches, to
     * {@code kthread_should_stop} (a kthread's main loop) or to something that sleeps until an event with no timeout
     * ({@code schedule}, which {@code wait_event*()} loops around, {@code wait_for_completion*}).
     */
    static Optional<Finding> transition(PatchedFunction f, KernelObject candidate, Symbol bound) {
        List<String> shows = new ArrayList<>();
        CodeReferences.of(candidate).flatMap(r -> r.to(bound)).ifPresent(refs -> refs.stream()
                .filter(r -> r.kind() == Kind.ADDRESS && r.firstArgument() && KTHREAD_CREATE.contains(r.nextCall()))
                .map(r -> "passed to " + r.nextCall() + " by " + (r.from().isEmpty() ? r.section() : r.from()))
                .distinct().forEach(shows::add));
        Map<String, List<String>> loops = new LinkedHashMap<>();
        CodeReferences.calls(candidate, bound).ifPresent(calls -> {
            for (Call c : calls) {
                if (c.inLoop() && SLEEPS_IN_LOOP.contains(c.callee())) {
                    loops.computeIfAbsent(c.callee(), k -> new ArrayList<>()).add(String.format("+0x%x", c.offset()));
                }
            }
        });
        loops.forEach((callee, at) -> shows.add("calls " + callee + " in a loop (" + String.join(", ", at) + ")"));
        if (shows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Finding.TransitionStall(f.oldName(), candidate.name(), shows, order(candidate)));
    }

    /** A vmlinux is always there first; a module loaded after the patch runs the new code from the start. */
    private static LoadOrder order(KernelObject candidate) {
        return candidate.kind() == ObjectKind.VMLINUX ? LoadOrder.ANY : LoadOrder.TARGET_FIRST;
    }

    /** What {@code kthread_run()}/{@code kthread_create()} and {@code kthread_run_on_cpu()} expand to (6.1, 6.12). */
    private static final Set<String> KTHREAD_CREATE = Set.of("kthread_create_on_node", "kthread_create_on_cpu");

    /**
     * Calls that, in a loop, keep the caller on the stack until an event: a kthread's stop test, and sleeps without a
     * timeout ({@code schedule_timeout*}, {@code wait_event_timeout()} and {@code wait_for_completion_timeout()}
     * return on their own and are not here).
     */
    private static final Set<String> SLEEPS_IN_LOOP = Set.of("kthread_should_stop", "kthread_freezable_should_stop",
            "schedule", "schedule_preempt_disabled", "io_schedule", "wait_for_completion",
            "wait_for_completion_interruptible", "wait_for_completion_killable", "wait_for_completion_io",
            "wait_for_completion_state");
}
