package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.elf.Symbols;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.PatchedFunction;
import dev.klpscope.module.BpfLsmHooks;
import dev.klpscope.module.ErrorInjectionList;
import dev.klpscope.module.FtraceLocations;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ObjectKind;
import dev.klpscope.module.code.Names;
import dev.klpscope.module.code.Provenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * After the relocations: whether the kernel can hook a replaced function in a candidate
 * ({@code ftrace-location}), and which other copies of its code the hook does not reach ({@code clone-siblings})
 * or reaches under another name ({@code alias}).
 */
final class HookChecks {

    private HookChecks() {
    }

    /**
     * {@code klp_patch_func()} (kernel/livepatch/patch.c, 6.1 and 6.12): {@code ftrace_location(old_func)} must find
     * an ftrace record within the function, else "failed to find location for function" and -EINVAL. Nothing is
     * said when the candidate's file does not hold its table (a vmlinux reduced to its symbols).
     */
    static Optional<Finding> location(Livepatch patch, PatchedFunction f, KernelObject candidate, Symbol bound) {
        return FtraceLocations.of(candidate)
                .filter(table -> !table.traceable(bound))
                .map(table -> new Finding.NotTraceable(f.oldName(), candidate.name(),
                        candidate.kind() == ObjectKind.VMLINUX, table.table(), patch.name()));
    }

    /**
     * Copies gcc made of the replaced function ({@link Names#copyOf}) that the patch does not replace too, and other
     * names at its entry. A {@code .cold} part is not a copy: only the function itself jumps there. In a vmlinux,
     * a local function's copies are looked for in its own compilation unit only (other units have their own
     * statics of that name).
     */
    static List<Finding> copies(Livepatch patch, PatchedFunction f, KernelObject candidate, Symbol bound) {
        Set<String> replaced = new TreeSet<>();
        patch.patched().stream().filter(p -> p.object().equals(f.object())).forEach(p -> replaced.add(p.oldName()));
        Optional<String> unit = candidate.kind() == ObjectKind.VMLINUX ? Provenance.unit(candidate, bound) : Optional.empty();
        Set<String> clones = new TreeSet<>();
        Set<String> aliases = new TreeSet<>();
        Symbols all = candidate.symbols().all();
        String clonePrefix = f.oldName() + ".";
        for (int i = 0; i < all.size(); i++) {
            // fields and name bytes first: only aliases and candidate clones become Symbols (a vmlinux has 130 k)
            if (!all.isFunction(i) || !(all.sectionIndex(i) == bound.sectionIndex() && all.value(i) == bound.value()
                    || all.nameStartsWith(i, clonePrefix))) {
                continue;
            }
            Symbol s = all.get(i);
            if (!s.isFunction() || s.isUndefined() || s.sectionIndex() >= Symbol.SHN_LORESERVE || s.index() == bound.index()
                    || s.name().equals(f.oldName()) || replaced.contains(s.name())) {
                continue;
            }
            if (s.sectionIndex() == bound.sectionIndex() && s.value() == bound.value()) {
                aliases.add(s.name());
            } else if (s.name().startsWith(f.oldName() + ".") && !s.name().endsWith(".cold") && Names.copyOf(s.name()).filter(f.oldName()::equals).isPresent()
                    && (unit.isEmpty() || unit.equals(Provenance.unit(candidate, s)))) {
                clones.add(s.name());
            }
        }
        List<Finding> out = new ArrayList<>();
        if (!clones.isEmpty()) {
            out.add(new Finding.UnreplacedCopies(f.oldName(), List.copyOf(clones)));
        }
        if (!aliases.isEmpty()) {
            out.add(new Finding.SameAddressAliases(f.oldName(), List.copyOf(aliases)));
        }
        return out;
    }

    /**
     * {@code tracing-clash}: the replaced function on the candidate's error-injection list ({@link ErrorInjectionList},
     * what {@code within_error_injection_list()} finds: fail_function, {@code bpf_override_return} and
     * {@code check_attach_modify_return()} for fmod_ret accept only those, besides {@code security_*}), or a vmlinux
     * BPF LSM hook ({@link BpfLsmHooks}).
     */
    static Optional<Finding> tracing(PatchedFunction f, KernelObject candidate, Symbol bound) {
        Optional<String> injectable = ErrorInjectionList.of(candidate).flatMap(list -> list.typeOf(bound));
        if (injectable.isPresent()) {
            return Optional.of(new Finding.TracingClash(f.oldName(), candidate.name(), injectable));
        }
        if (candidate.kind() == ObjectKind.VMLINUX && BpfLsmHooks.of(candidate).isHook(bound.name())) {
            return Optional.of(new Finding.TracingClash(f.oldName(), candidate.name(), Optional.empty()));
        }
        return Optional.empty();
    }
}
