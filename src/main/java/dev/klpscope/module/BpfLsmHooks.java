package dev.klpscope.module;

import dev.klpscope.elf.Symbol;
import dev.klpscope.elf.Symbols;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The BPF LSM hooks of a vmlinux that BPF LSM programs may attach to: the {@code bpf_lsm_<hook>} functions
 * kernel/bpf/bpf_lsm.c defines for every LSM hook ({@code LSM_HOOK(...) noinline RET bpf_lsm_##NAME(...) { return
 * DEFAULT; }}) and lists in the BTF id set {@code bpf_lsm_hooks}, less those in {@code bpf_lsm_disabled_hooks}, which
 * {@code bpf_lsm_verify_prog()} refuses ("points to disabled hook", 6.1 and 6.12). Each {@code BTF_ID(func, x)}
 * leaves a symbol {@code __BTF_ID__func__x__<n>} in {@code .BTF_ids} after its set's {@code __BTF_ID__set__<set>}
 * label, which is how the sets are read from the symbol table alone (bpf_lsm.c's own helpers,
 * {@code bpf_lsm_verify_prog} or {@code bpf_lsm_func_proto}, are in no set).
 */
public final class BpfLsmHooks {

    private static final String FUNC = "__BTF_ID__func__";
    private static final String SET = "__BTF_ID__set__";

    private final Set<String> hooks;

    private BpfLsmHooks(Set<String> hooks) {
        this.hooks = Set.copyOf(hooks);
    }

    public static BpfLsmHooks of(KernelObject object) {
        return object.image().derived(BpfLsmHooks.class, image -> {
            List<Symbol> ids = new ArrayList<>();
            Symbols all = image.symbols();
            for (int i = 0; i < all.size(); i++) { // names tested on the string table's bytes: 130 k entries
                if (all.nameStartsWith(i, FUNC) || all.nameStartsWith(i, SET)) {
                    ids.add(all.get(i));
                }
            }
            ids.sort(Comparator.comparingLong(Symbol::value).thenComparing(s -> s.name().startsWith(SET) ? 0 : 1));
            Set<String> hooks = new HashSet<>();
            Set<String> disabled = new HashSet<>();
            String set = "";
            for (Symbol s : ids) {
                if (s.name().startsWith(SET)) {
                    set = s.name().substring(SET.length());
                    continue;
                }
                int end = s.name().lastIndexOf("__");
                if (end <= FUNC.length()) {
                    continue;
                }
                String fn = s.name().substring(FUNC.length(), end);
                if (set.equals("bpf_lsm_hooks")) {
                    hooks.add(fn);
                } else if (set.equals("bpf_lsm_disabled_hooks")) {
                    disabled.add(fn);
                }
            }
            hooks.removeAll(disabled);
            return new BpfLsmHooks(hooks);
        });
    }

    /** Whether {@code name} is a hook BPF LSM programs may attach to in this object. */
    public boolean isHook(String name) {
        return hooks.contains(name);
    }

    public int size() {
        return hooks.size();
    }
}
